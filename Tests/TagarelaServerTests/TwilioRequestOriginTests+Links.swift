import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaCore
import TagarelaFakes
import Testing

/// Without `PUBLIC_URL`, the links handed out when no request names an origin (an alert's dashboard link, the photo
/// script's `/get-report-data`) start at the origin of the last correctly signed webhook.
extension TwilioRequestOriginTests {
    @Test func anAlertLinksToTheDashboardAtTheLastSignedWebhooksOrigin() async throws {
        let receiver = try await FakeAlertReceiver.start()
        defer { Task { await receiver.stop() } }
        try await TestWorld.with { world in
            await world.gemini.enqueue([.functionCalls([("handoff_to_human", ["reason": "quer um atendente"])])])
            let settings = ["PUBLIC_URL": "", "LLM_PROVIDER": "gemini", "ALERT_WEBHOOK_URL": receiver.url]
            try await world.withServer(settings) { client in
                #expect(try await Self.post(client, signedOver: Self.proxied).status == .ok)
                try await waitUntil("the alert posted") { await !receiver.received().isEmpty }
                let alert = try #require(await receiver.received().first)
                #expect(alert["link"] as? String == Self.proxied + "/admin/conversations/1")
                #expect((alert["text"] as? String)?.hasSuffix(Self.proxied + "/admin/conversations/1") == true)
            }
        }
    }

    @Test func theReportDataLinksStartAtTheLastSignedWebhooksOrigin() async throws {
        try await TestWorld.with { world in
            await world.openAI.setResponder { _ in .text("Olá!") }
            let ana = try await CatalogueSeed.contact(world)
            let item = try #require(try await CatalogueSeed.items(world, contactID: ana, ["Meu gato"]).first)
            try await world.withServer(["PUBLIC_URL": ""]) { client in
                func links() async throws -> [String] {
                    let response = try await client.execute(
                        uri: "/get-report-data", method: .get,
                        headers: [.authorization: "Bearer \(TestWorld.adminToken)"])
                    let rows = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                    return (rows as? [[String: Any]])?.first?["image_links"] as? [String] ?? []
                }
                // Before any webhook the server knows no public origin: the links are relative to it.
                let ids = item.photos.map(\.mediaID)
                let before = try await links()
                #expect(before == ids.map { "/api/media/" + $0 })
                #expect(try await Self.post(client, signedOver: Self.proxied).status == .ok)
                let after = try await links()
                #expect(after == ids.map { Self.proxied + "/api/media/" + $0 })
            }
        }
    }
}
