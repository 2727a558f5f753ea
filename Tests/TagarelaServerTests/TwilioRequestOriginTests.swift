import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaFakes
import Testing

@testable import TagarelaServer

/// Without `PUBLIC_URL`, a Twilio signature is checked over the one URL the request names (a trusted proxy's
/// `X-Forwarded-Proto` and `X-Forwarded-Host`, else `Host`), and the links Twilio is given later are built on the
/// origin of the last correctly signed webhook.
@Suite("Twilio without PUBLIC_URL", .timeLimit(.minutes(3)))
struct TwilioRequestOriginTests {
    static let proxied = "https://proxied.example.com"

    /// Posts a text signed over `signedBase`, through a proxy that says the client asked for `Self.proxied`.
    static func post(_ client: any TestClientProtocol, signedOver signedBase: String) async throws -> TestResponse {
        let form = FormParametersBuilder.encode(Webhook.text("Oi"), path: "/webhook", base: signedBase)
        let headers: HTTPFields = [
            .contentType: "application/x-www-form-urlencoded",
            HTTPField.Name("X-Twilio-Signature")!: form.signature,
            HTTPField.Name("X-Forwarded-Proto")!: "https",
            HTTPField.Name("X-Forwarded-Host")!: "proxied.example.com",
        ]
        return try await client.execute(
            uri: "/webhook", method: .post, headers: headers, body: ByteBuffer(string: form.body))
    }

    @Test func theURLTheRequestNamesIsCheckedAndItsOriginServesLaterLinks() async throws {
        try await TestWorld.with { world in
            await world.openAI.setResponder { _ in .text("Olá!") }
            // The test client connects from 127.0.0.1, which TRUSTED_PROXIES trusts by default.
            try await world.withServer(["PUBLIC_URL": ""]) { client in
                let response = try await Self.post(client, signedOver: Self.proxied)
                #expect(response.status == .ok)
                let sent = try await world.twilio.waitForSent(count: 1)
                #expect(sent[0].statusCallback == Self.proxied + "/webhooks/twilio/status")
            }
        }
    }

    @Test func aSignatureOverAnotherHostIsRefused() async throws {
        try await TestWorld.with { world in
            try await world.withServer(["PUBLIC_URL": ""]) { client in
                let response = try await Self.post(client, signedOver: "https://other.example.com")
                #expect(response.status == .forbidden)
                #expect(try await client.stats()["contacts"] as? Int == 0)
            }
        }
    }

    @Test func forwardedHeadersFromAnUntrustedPeerAreNotBelieved() async throws {
        try await TestWorld.with { world in
            try await world.withServer(["PUBLIC_URL": "", "TRUSTED_PROXIES": "10.0.0.0/8"]) { client in
                let response = try await Self.post(client, signedOver: Self.proxied)
                #expect(response.status == .forbidden)
            }
        }
    }
}
