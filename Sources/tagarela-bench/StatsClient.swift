import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Reads `/stats` from the measured server.
enum StatsClient {
    static func inboundCount(_ baseURL: String) async throws -> Int {
        let messages = try await stats(baseURL)["messages"] as? [String: Any]
        return messages?["inbound"] as? Int ?? -1
    }

    /// Turns and replies still to do.
    static func queue(_ baseURL: String) async throws -> (pendingTurns: Int, pendingOutbound: Int) {
        let queue = try await stats(baseURL)["queue"] as? [String: Any]
        return (queue?["pendingTurns"] as? Int ?? -1, queue?["pendingOutbound"] as? Int ?? -1)
    }

    static func stats(_ baseURL: String) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: baseURL + "/stats")
        request.headers.add(name: "Authorization", value: "Bearer \(BenchWorld.adminToken)")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] ?? [:]
    }
}
