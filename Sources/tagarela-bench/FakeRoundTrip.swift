import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagarelaFakes

/// How long one call to the fake model takes from a client in this process: part of every overhead figure
/// (a turn makes two such calls, one to the model and one to Twilio), printed so the server's own share shows.
enum FakeRoundTrip {
    static func median(_ world: BenchWorld, calls: Int = 300) async throws -> Duration {
        var times: [Duration] = []
        for _ in 0..<calls {
            var request = HTTPClientRequest(url: world.openAI.baseURL + "/chat/completions")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer sk-bench")
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(
                ByteBuffer(string: #"{"model":"m","messages":[{"role":"user","content":"Oi"}]}"#))
            let started = ContinuousClock.now
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            _ = try await response.body.collect(upTo: 1 << 20)
            times.append(ContinuousClock.now - started)
        }
        return times.sorted()[times.count / 2]
    }
}
