import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagarelaChannels
import TagarelaFakes

/// A webhook form and its Twilio signature for the test public URL.
enum FormParametersBuilder {
    static func encode(
        _ params: [(String, String)], path: String = "/webhooks/twilio", base: String = TestWorld.publicURL
    ) -> (body: String, signature: String) {
        let form = FormParameters(params.map { (name: $0.0, value: $0.1) })
        let signature = TwilioSignatureValidator.computeSignature(
            url: base + path, parameters: form, secret: TestWorld.authToken)
        return (FormURLEncoded.encode(form), signature)
    }
}

extension ServerProcess {
    /// Posts a signed Twilio message webhook built from `params`.
    func postWebhook(_ params: [(String, String)]) async throws -> Int {
        let form = FormParametersBuilder.encode(params)
        return try await postWebhook(body: form.body, signature: form.signature)
    }
}

/// The counters of `/stats` the multi-instance tests check.
struct InstanceStats {
    var inbound: Int
    var failed: Int
    var unknown: Int
    /// Turns due or running, and sends waiting: both zero once the instance has nothing left to do.
    var pendingTurns: Int
    var pendingOutbound: Int
}

extension ServerProcess {
    func stats() async throws -> InstanceStats {
        var request = HTTPClientRequest(url: baseURL + "/stats")
        request.headers.add(name: "Authorization", value: "Bearer \(TestWorld.adminToken)")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
        let messages = object?["messages"] as? [String: Any] ?? [:]
        let queue = object?["queue"] as? [String: Any] ?? [:]
        return InstanceStats(
            inbound: messages["inbound"] as? Int ?? -1, failed: messages["failed"] as? Int ?? -1,
            unknown: messages["unknown"] as? Int ?? -1, pendingTurns: queue["pendingTurns"] as? Int ?? -1,
            pendingOutbound: queue["pendingOutbound"] as? Int ?? -1)
    }

    /// Waits until the instance has nothing left to do (its queue drained), before a test asserts that nothing
    /// more happened.
    func settled() async throws {
        try await waitUntil("the queue drained") {
            let stats = try await stats()
            return stats.pendingTurns == 0 && stats.pendingOutbound == 0
        }
    }
}
