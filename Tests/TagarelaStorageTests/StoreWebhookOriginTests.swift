import Foundation
import TagarelaCore
import Testing

/// The origin of the last signed webhook, the same on every store: none at first, then the latest one recorded.
@Suite("Storage: the origin of the last signed webhook", .timeLimit(.minutes(3)))
struct StoreWebhookOriginTests {
    @Test(arguments: StoreKind.allCases)
    func theLatestOriginIsKept(kind: StoreKind) async throws {
        let store = try kind.make()
        #expect(try await store.webhookOrigin() == nil)
        try await store.recordWebhookOrigin("https://bot.example.com", at: Fixture.start)
        #expect(try await store.webhookOrigin() == "https://bot.example.com")
        try await store.recordWebhookOrigin("https://novo.example.com", at: Fixture.start.addingTimeInterval(5))
        #expect(try await store.webhookOrigin() == "https://novo.example.com")
    }
}
