import Foundation

extension InMemoryConversationStore {
    public func recordWebhookOrigin(_ origin: String, at now: Date) async throws {
        webhookOriginValue = origin
    }

    public func webhookOrigin() async throws -> String? { webhookOriginValue }
}
