import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Reads `/stats` from the measured server.
enum StatsClient {
    static func inboundCount(_ baseURL: String) async throws -> Int {
        var request = HTTPClientRequest(url: baseURL + "/stats")
        request.headers.add(name: "Authorization", value: "Bearer \(BenchWorld.adminToken)")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
        let messages = object?["messages"] as? [String: Any]
        return messages?["inbound"] as? Int ?? -1
    }
}
