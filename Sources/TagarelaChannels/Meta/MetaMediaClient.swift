import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Downloads inbound media (Meta's Cloud API media reference): `GET {base}/{media-id}` gives a URL valid for five
/// minutes, which is fetched with the same bearer token. Both go through the outbound-fetch policy, so a URL the
/// lookup returns is fetched only on Meta's own hosts.
public struct MetaMediaClient: Sendable {
    /// A downloaded file.
    public struct Download: Sendable, Equatable {
        public var bytes: Data
        public var mimeType: String?
    }

    /// Why a download failed.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The Graph API refused the lookup (unknown id, expired token…).
        case lookup(status: Int, error: MetaGraphError?)
        /// The lookup's answer had no usable URL.
        case noURL
        /// The file is larger than the limit (by `file_size` or while downloading).
        case tooLarge(limit: Int)
        /// The download URL answered something other than 200.
        case download(status: Int)
        /// The bytes do not hash to the `sha256` Meta stated.
        case hashMismatch

        public var description: String {
            switch self {
            case .lookup(let status, let error):
                "media lookup failed: HTTP \(status)\(error.map { " code \($0.code ?? 0): \($0.summary)" } ?? "")"
            case .noURL: "media lookup returned no download URL"
            case .tooLarge(let limit): "media is larger than \(limit) bytes"
            case .download(let status): "media download failed: HTTP \(status)"
            case .hashMismatch: "media does not match its stated SHA-256"
            }
        }
    }

    let fetcher: OutboundFetcher
    let accessToken: String
    let graphAPIBaseURL: String
    let timeout: Duration
    let maxBytes: Int
    let logger: Logger

    /// `maxBytes` defaults to 16 MB, the largest audio or video WhatsApp carries (documents may be larger).
    public init(
        fetcher: OutboundFetcher, accessToken: String, graphAPIBaseURL: String, timeout: Duration,
        maxBytes: Int = 16 << 20, logger: Logger = Logger(label: "tagarela.meta.media")
    ) {
        var base = graphAPIBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.fetcher = fetcher
        self.accessToken = accessToken
        self.graphAPIBaseURL = base
        self.timeout = timeout
        self.maxBytes = maxBytes
        self.logger = logger
    }

    /// Looks the media up and downloads it; throws `Failure`, or the HTTP client's error on a network failure.
    /// Refuses a file larger than `limit` bytes (default: the client's `maxBytes`).
    public func fetch(mediaID: String, limit: Int? = nil) async throws -> Download {
        let maxBytes = min(limit ?? maxBytes, maxBytes)
        let id = mediaID.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? mediaID
        let lookup = try await get("\(graphAPIBaseURL)/\(id)", limit: 1 << 16)
        guard lookup.status == 200 else {
            throw Failure.lookup(status: lookup.status, error: MetaGraphError.parse(responseBody: Array(lookup.body)))
        }
        let info = try? JSONDecoder.snakeCase().decode(MediaInfo.self, from: lookup.body)
        // The URL is on another host (lookaside.fbsbx.com); it gets the token because the Graph API chose it.
        guard let url = info?.url, url.hasPrefix("https://") || url.hasPrefix("http://") else { throw Failure.noURL }
        if let size = info?.fileSize?.int, size > maxBytes { throw Failure.tooLarge(limit: maxBytes) }
        let file = try await get(url, limit: maxBytes)
        guard file.status == 200 else { throw Failure.download(status: file.status) }
        if let stated = info?.sha256 {
            try check(file.body, against: stated, mediaID: mediaID)
        }
        return Download(bytes: file.body, mimeType: info?.mimeType ?? file.contentType)
    }

    /// The Graph API host and the hosts Meta serves media from (`lookaside.fbsbx.com` and its CDNs).
    var policy: OutboundPolicy {
        OutboundPolicy(
            use: "Meta media",
            hosts: [URLComponents(string: graphAPIBaseURL)?.host ?? "graph.facebook.com"] + Self.mediaHosts)
    }

    static let mediaHosts = ["*.fbsbx.com", "*.facebook.com", "*.fbcdn.net", "*.whatsapp.net"]

    /// `GET url` through the outbound-fetch policy, with the bearer token: every host it allows is Meta's.
    private func get(_ url: String, limit: Int) async throws -> (status: Int, body: Data, contentType: String?) {
        let token = "Bearer \(accessToken)"
        let response: OutboundFetcher.Response
        do {
            response = try await fetcher.get(url, policy: policy, timeout: timeout, maxBytes: limit) { _ in
                [("Authorization", token)]
            }
        } catch OutboundRefusal.tooLarge {
            throw Failure.tooLarge(limit: limit)
        }
        return (response.status, response.body, response.headers.first(name: "Content-Type"))
    }
}

/// `GET /{media-id}`: `{url, mime_type, sha256, file_size, id}`; `file_size` is a string or a number.
private struct MediaInfo: Decodable {
    var url: String?
    var mimeType: String?
    var sha256: String?
    var fileSize: FlexibleString?
}
