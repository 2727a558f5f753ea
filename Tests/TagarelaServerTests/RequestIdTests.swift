import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import TagarelaFakes
import Testing

@Suite("Request ids and the access log", .timeLimit(.minutes(3)))
struct RequestIdTests {
    static let requestID = HTTPField.Name("X-Request-Id")!

    @Test func aSaneIncomingIdIsEchoed() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                let response = try await client.execute(
                    uri: "/health", method: .get, headers: [Self.requestID: "lb-7f3a:42/retry.1"], body: nil)
                #expect(response.headers[Self.requestID] == "lb-7f3a:42/retry.1")
            }
        }
    }

    @Test func aMissingOrInsaneIdIsReplacedByANewOne() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                var seen: Set<String> = []
                for incoming in [nil, String(repeating: "a", count: 129), "two words", "olá"] {
                    var headers: HTTPFields = [:]
                    if let incoming { headers[Self.requestID] = incoming }
                    let response = try await client.execute(uri: "/health", method: .get, headers: headers, body: nil)
                    let id = try #require(response.headers[Self.requestID])
                    #expect(id.count == 32 && id.allSatisfy(\.isHexDigit), "\(id)")
                    seen.insert(id)
                }
                #expect(seen.count == 4)
                let longest = String(repeating: "b", count: 128)
                let kept = try await client.execute(
                    uri: "/health", method: .get, headers: [Self.requestID: longest], body: nil)
                #expect(kept.headers[Self.requestID] == longest)
            }
        }
    }

    @Test func errorResponsesCarryTheIdToo() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                let refused = try await client.execute(
                    uri: "/stats", method: .get, headers: [Self.requestID: "req-401"], body: nil)
                #expect(refused.status == .unauthorized)
                #expect(refused.headers[Self.requestID] == "req-401")
                let missing = try await client.execute(
                    uri: "/nowhere", method: .get, headers: [Self.requestID: "req-404"], body: nil)
                #expect(missing.status == .notFound)
                #expect(missing.headers[Self.requestID] == "req-404")
            }
        }
    }

    @Test func theAccessLogHasOneLinePerRequestWithoutTheQueryString() async throws {
        let capture = LogCapture()
        try await TestWorld.with { world in
            try await world.withServer(logger: capture.logger()) { client in
                let verify = try await client.execute(
                    uri: "/webhooks/meta?hub.mode=subscribe&hub.verify_token=\(MetaHook.verifyToken)&hub.challenge=31",
                    method: .get, headers: [Self.requestID: "req-meta-verify"], body: nil)
                #expect(verify.status == .ok)
                let from = "whatsapp:+5511987654321"
                try await Webhook.post(client, Webhook.text("Oi", from: from))
                _ = try await world.twilio.waitForSent(count: 1)
            }
        }
        let requests = capture.lines.filter { $0.message == "request" }
        let verify = try #require(requests.first { $0.metadata["request_id"] == "req-meta-verify" })
        #expect(verify.level == .info)
        #expect(verify.metadata["method"] == "GET")
        #expect(verify.metadata["route"] == "/webhooks/meta")
        #expect(verify.metadata["status"] == "200")
        #expect(Double(verify.metadata["duration_ms"] ?? "") != nil)
        let webhook = try #require(requests.first { $0.metadata["route"] == "/webhooks/twilio" })
        #expect(webhook.metadata["method"] == "POST" && webhook.metadata["status"] == "200")
        #expect(webhook.metadata["request_id"]?.count == 32)
        #expect(requests.count == 2)
        // Neither the verify token nor the contact's number appears anywhere in the log.
        for line in capture.lines {
            #expect(!line.everything.contains(MetaHook.verifyToken), "\(line.everything)")
            #expect(!line.everything.contains("987654321"), "\(line.everything)")
        }
    }

    @Test func theAccessLogNamesTheRoutePatternNeverThePathSent() async throws {
        let capture = LogCapture()
        let admin: HTTPFields = [.authorization: "Bearer \(TestWorld.adminToken)"]
        try await TestWorld.with { world in
            try await world.withServer(logger: capture.logger()) { client in
                try await Webhook.post(client, Webhook.text("Oi", from: "whatsapp:+5511987654321"))
                _ = try await world.twilio.waitForSent(count: 1)
                let refused = try await client.execute(
                    uri: "/memory-status/%2B5511987654321", method: .get, headers: [Self.requestID: "req-no-token"],
                    body: nil)
                #expect(refused.status == .unauthorized)
                var headers = admin
                headers[Self.requestID] = "req-status"
                let status = try await client.execute(
                    uri: "/memory-status/%2B5511987654321", method: .get, headers: headers, body: nil)
                #expect(status.status == .ok)
                #expect(String(buffer: status.body).contains("5511987654321"))
                headers[Self.requestID] = "req-clear"
                let cleared = try await client.execute(
                    uri: "/clear-user-memory/5511987654321", method: .post, headers: headers, body: nil)
                #expect(cleared.status == .ok)
                let unknown = try await client.execute(
                    uri: "/nowhere/5511987654321", method: .get, headers: [Self.requestID: "req-nowhere"], body: nil)
                #expect(unknown.status == .notFound)
            }
        }
        let requests = capture.lines.filter { $0.message == "request" }
        func route(_ id: String) -> String? { requests.first { $0.metadata["request_id"] == id }?.metadata["route"] }
        #expect(route("req-no-token") == "/memory-status/{id}")
        #expect(route("req-status") == "/memory-status/{id}")
        #expect(route("req-clear") == "/clear-user-memory/{id}")
        #expect(route("req-nowhere") == "(no route)")
        for line in capture.lines {
            #expect(!line.everything.contains("987654321"), "\(line.everything)")
        }
    }
}
