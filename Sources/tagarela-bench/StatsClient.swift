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

    /// `tagarela_database_round_trips_total` from `/metrics`: the statements the server has sent its database.
    static func roundTrips(_ baseURL: String) async throws -> Int {
        var request = HTTPClientRequest(url: baseURL + "/metrics")
        request.headers.add(name: "Authorization", value: "Bearer \(BenchWorld.adminToken)")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 4 << 20)
        let text = String(buffer: body)
        let line = text.split(separator: "\n").first { $0.hasPrefix("tagarela_database_round_trips_total ") }
        guard let value = line?.split(separator: " ").last.flatMap({ Double($0) }) else {
            throw BenchError("/metrics has no tagarela_database_round_trips_total")
        }
        return Int(value)
    }

    static func stats(_ baseURL: String) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: baseURL + "/stats")
        request.headers.add(name: "Authorization", value: "Bearer \(BenchWorld.adminToken)")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] ?? [:]
    }
}
