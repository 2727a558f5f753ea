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
        public var bytes: [UInt8]
        public var contentType: String?
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
        return Download(bytes: response.body, contentType: response.headers.first(name: "Content-Type"))
    }

    /// Same scheme, host and port as the configured API base URL.
    func isAPIHost(_ url: URLComponents) -> Bool {
        url.scheme?.lowercased() == apiBase.scheme?.lowercased() && url.host?.lowercased() == apiBase.host?.lowercased()
            && (url.port ?? defaultPort(url.scheme)) == (apiBase.port ?? defaultPort(apiBase.scheme))
    }

    private func defaultPort(_ scheme: String?) -> Int { scheme?.lowercased() == "http" ? 80 : 443 }
}
