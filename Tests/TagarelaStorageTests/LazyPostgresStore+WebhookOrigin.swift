import Foundation
import TagarelaCore
import TagarelaPostgres

extension LazyPostgresStore {
    func recordWebhookOrigin(_ origin: String, at now: Date) async throws {
        try await store.recordWebhookOrigin(origin, at: now)
    }

    func webhookOrigin() async throws -> String? {
        try await store.webhookOrigin()
    }
}
