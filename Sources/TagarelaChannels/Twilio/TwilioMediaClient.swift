import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Downloads inbound media (Twilio's WhatsApp media guide). A `MediaUrlN` is fetched only when it is on the configured
/// Twilio API host, never at an address a webhook merely names, with Basic auth to that host only; Twilio
/// answers with a redirect to its media CDN, another host, which is followed *without* the credentials. Every hop
/// goes through the outbound-fetch policy.
public struct TwilioMediaClient: Sendable {
    /// A downloaded file.
    public struct Download: Sendable, Equatable {
        public var bytes: Data
        public var contentType: String?
        /// The file's own name, from the CDN's `Content-Disposition` (a document's, e.g. `contrato.pdf`).
        public var filename: String?
    }

    /// Why a download failed.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The URL is not on the Twilio API host: nothing was requested.
        case foreignHost(String)
        /// More redirects than a media download takes.
        case tooManyRedirects
        /// The file is larger than the limit.
        case tooLarge(limit: Int)
        /// The API or the CDN answered something other than the file.
        case download(status: Int)

        public var description: String {
            switch self {
            case .foreignHost(let host): "media URL is not on the Twilio API host (\(host)); not fetched"
            case .tooManyRedirects: "media download redirected too many times"
            case .tooLarge(let limit): "media is larger than \(limit) bytes"
            case .download(let status): "media download failed: HTTP \(status)"
            }
        }
    }

    let fetcher: OutboundFetcher
    let authorization: String
    let apiBase: URLComponents
    let timeout: Duration
    let maxBytes: Int

    public init(
        fetcher: OutboundFetcher, accountSID: String, authToken: String, apiBaseURL: String, timeout: Duration,
        maxBytes: Int = 16 << 20
    ) {
        self.fetcher = fetcher
        self.authorization = "Basic " + Data("\(accountSID):\(authToken)".utf8).base64EncodedString()
        self.apiBase = URLComponents(string: apiBaseURL) ?? URLComponents()
        self.timeout = timeout
        self.maxBytes = maxBytes
    }

    /// The API host and Twilio's media CDN, which its redirects lead to.
    var policy: OutboundPolicy {
        OutboundPolicy(use: "Twilio media", hosts: [apiBase.host ?? "api.twilio.com"] + Self.cdnHosts)
    }

    static let cdnHosts = ["media.twiliocdn.com", "*.twiliocdn.com"]

    /// Downloads the file, refusing one larger than `limit` bytes (default: the client's `maxBytes`).
    /// `filename="contrato.pdf"` (or `filename*=UTF-8''contrato%20novo.pdf`, RFC 6266) of a `Content-Disposition`,
    /// reduced to its last path component so a name can never point elsewhere.
    public static func filename(fromDisposition value: String) -> String? {
        var name: String?
        for part in value.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if part.lowercased().hasPrefix("filename*="), let quote = part.range(of: "''") {
                name = String(part[quote.upperBound...]).removingPercentEncoding
            } else if name == nil, part.lowercased().hasPrefix("filename=") {
                name = String(part.dropFirst("filename=".count)).trimmingCharacters(
                    in: CharacterSet(charactersIn: "\""))
            }
        }
        let last = name?.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init)
        return last.flatMap { $0.isEmpty || $0 == "." || $0 == ".." ? nil : String($0.prefix(200)) }
    }

    public func fetch(_ mediaURL: String, limit: Int? = nil) async throws -> Download {
        let maxBytes = min(limit ?? maxBytes, maxBytes)
        guard let url = URLComponents(string: mediaURL), isAPIHost(url) else {
            throw Failure.foreignHost(URLComponents(string: mediaURL)?.host ?? mediaURL)
        }
        let authorization = authorization
        let response: OutboundFetcher.Response
        do {
            // Elsewhere than the API host (the CDN), the credentials stay behind.
            response = try await fetcher.get(mediaURL, policy: policy, timeout: timeout, maxBytes: maxBytes) {
                isAPIHost($0) ? [("Authorization", authorization)] : []
            }
        } catch OutboundRefusal.tooLarge {
            throw Failure.tooLarge(limit: maxBytes)
        } catch OutboundRefusal.tooManyRedirects {
            throw Failure.tooManyRedirects
        }
        guard response.status == 200 else { throw Failure.download(status: response.status) }
        return Download(
            bytes: response.body, contentType: response.headers.first(name: "Content-Type"),
            filename: response.headers.first(name: "Content-Disposition").flatMap(Self.filename(fromDisposition:)))
    }

    /// Same scheme, host and port as the configured API base URL.
    func isAPIHost(_ url: URLComponents) -> Bool {
        url.scheme?.lowercased() == apiBase.scheme?.lowercased() && url.host?.lowercased() == apiBase.host?.lowercased()
            && (url.port ?? defaultPort(url.scheme)) == (apiBase.port ?? defaultPort(apiBase.scheme))
    }

    private func defaultPort(_ scheme: String?) -> Int { scheme?.lowercased() == "http" ? 80 : 443 }
}
