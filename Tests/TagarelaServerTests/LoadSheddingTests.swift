import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaServer

@Suite("Strangers' floods are shed, signed webhooks never; bodies are capped per route", .timeLimit(.minutes(3)))
struct LoadSheddingTests {
    @Test func requestsWithoutCredentialsBeyondTheCapGet503AndCredentialedOnesGoOn() async throws {
        let gate = StartGate()
        let inFlight = InFlightRequests()
        let router = Router()
        router.add(middleware: UnauthenticatedRequestLimit(limit: 1, inFlight: inFlight))
        router.get("/slow") { _, _ in
            await gate.wait()
            return "done"
        }
        router.post("/hook") { _, _ in "stored" }
        try await Application(router: router).test(.router) { client in
            async let held = client.execute(uri: "/slow", method: .get)
            try await waitUntil { inFlight.current == 1 }
            let shed = try await client.execute(uri: "/slow", method: .get)
            #expect(shed.status == .serviceUnavailable)
            #expect(shed.headers[.retryAfter] == "1")
            // A webhook with its signature, a bearer token, a dashboard cookie: never counted, never shed.
            let credentials: [HTTPFields] = [
                [HTTPField.Name("X-Twilio-Signature")!: "abc"], [HTTPField.Name("X-Hub-Signature-256")!: "sha256=00"],
                [.authorization: "Bearer x"], [.cookie: "tagarela_session=1.2.3"],
            ]
            for headers in credentials {
                let response = try await client.execute(uri: "/hook", method: .post, headers: headers)
                #expect(response.status == .ok, "\(headers)")
            }
            #expect(inFlight.current == 1)
            gate.open()
            #expect(try await held.status == .ok)
            #expect(inFlight.current == 0)
            #expect(try await client.execute(uri: "/slow", method: .get).status == .ok)
        }
    }

    @Test func anUnsignedMetaBodyIsRefusedBeforeItIsReadAndASignedOneIsCapped() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                let huge = String(repeating: "x", count: 2 * 1024 * 1024)
                // Refused for its missing signature, not for its size: the body was never read.
                #expect(try await MetaHook.post(client, huge, signature: "").status == .forbidden)
                #expect(try await MetaHook.post(client, huge).status == .contentTooLarge)
                let form = String(repeating: "a", count: 80 * 1024)
                let twilio = try await client.execute(
                    uri: "/webhooks/twilio", method: .post,
                    headers: [
                        .contentType: "application/x-www-form-urlencoded", HTTPField.Name("X-Twilio-Signature")!: "x",
                    ], body: ByteBuffer(string: "Body=" + form))
                #expect(twilio.status == .contentTooLarge)
            }
        }
    }
}
