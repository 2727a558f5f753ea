import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The read-only GET every remote check makes: status and body, never following a redirect into a write.
public struct DoctorHTTP: Sendable {
    let client: HTTPClient

    public init(client: HTTPClient = .shared) {
        self.client = client
    }

    /// An answer: the status code and the body as text (at most 64 KiB).
    public struct Answer: Sendable {
        public var status: Int
        public var body: String

        /// The body as JSON, or nil.
        public var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        }
    }

    /// `GET url` with `headers`, within `timeout`.
    public func get(_ url: String, headers: [(String, String)] = [], timeout: Duration) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await client.execute(request, timeout: .milliseconds(timeout.milliseconds))
        let body = try await response.body.collect(upTo: 64 << 10)
        return Answer(status: Int(response.status.code), body: String(buffer: body))
    }
}

extension Duration {
    /// Whole milliseconds, for APIs that take an `Int64` of them.
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
