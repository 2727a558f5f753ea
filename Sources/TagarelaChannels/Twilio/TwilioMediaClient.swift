import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Downloads inbound media (Twilio's WhatsApp media guide). A `MediaUrlN` is fetched only when it is on the configured
/// Twilio API host, never at an address a webhook merely names, with Basic auth to that host only; Twilio
/// answers with a redirect to its media CDN, another host, which is followed *without* the credentials.
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

    let httpClient: HTTPClient
    let authorization: String
    let apiBase: URLComponents
    let timeout: Duration
    let maxBytes: Int

    /// `httpClient` must not follow redirects itself (`redirectConfiguration = .disallow`): this client follows
    /// them, so that the credentials never leave the API host.
    public init(
        httpClient: HTTPClient, accountSID: String, authToken: String, apiBaseURL: String, timeout: Duration,
        maxBytes: Int = 16 << 20
    ) {
        self.httpClient = httpClient
        self.authorization = "Basic " + Data("\(accountSID):\(authToken)".utf8).base64EncodedString()
        self.apiBase = URLComponents(string: apiBaseURL) ?? URLComponents()
        self.timeout = timeout
        self.maxBytes = maxBytes
    }

    public func fetch(_ mediaURL: String) async throws -> Download {
        guard let url = URLComponents(string: mediaURL), isAPIHost(url) else {
            throw Failure.foreignHost(URLComponents(string: mediaURL)?.host ?? mediaURL)
        }
        var next = mediaURL
        var credentials: String? = authorization
        for _ in 0..<4 {
            var request = HTTPClientRequest(url: next)
            if let credentials { request.headers.add(name: "Authorization", value: credentials) }
            let response = try await httpClient.execute(request, timeout: .init(timeout))
            let status = Int(response.status.code)
            if (300..<400).contains(status), let location = response.headers.first(name: "Location"),
                let target = URL(string: location, relativeTo: URL(string: next))?.absoluteURL
            {
                // Elsewhere than the API host, the credentials stay behind.
                if !isAPIHost(URLComponents(url: target, resolvingAgainstBaseURL: true) ?? URLComponents()) {
                    credentials = nil
                }
                next = target.absoluteString
                continue
            }
            guard status == 200 else { throw Failure.download(status: status) }
            do {
                let body = try await response.body.collect(upTo: maxBytes)
                return Download(
                    bytes: Array(body.readableBytesView), contentType: response.headers.first(name: "Content-Type"))
            } catch is NIOTooManyBytesError {
                throw Failure.tooLarge(limit: maxBytes)
            }
        }
        throw Failure.tooManyRedirects
    }

    /// Same scheme, host and port as the configured API base URL.
    private func isAPIHost(_ url: URLComponents) -> Bool {
        url.scheme?.lowercased() == apiBase.scheme?.lowercased() && url.host?.lowercased() == apiBase.host?.lowercased()
            && (url.port ?? defaultPort(url.scheme)) == (apiBase.port ?? defaultPort(apiBase.scheme))
    }

    private func defaultPort(_ scheme: String?) -> Int { scheme?.lowercased() == "http" ? 80 : 443 }
}
