import Foundation
import NIOHTTP1
import TagarelaCore

/// The Conversations API calls: create (at most 20 items per call, the rest added after), delete.
extension OpenAIConversationsProvider {
    static let itemsPerCall = 20

    func createConversation(contactID: Int64, items: [JSONValue]) async throws -> String {
        let first = Array(items.prefix(Self.itemsPerCall))
        let body: JSONValue = ["items": .array(first), "metadata": ["tagarela_contact": .string("\(contactID)")]]
        let answer = try await call(.POST, "/conversations", body: body)
        guard let id = answer["id"]?.stringValue, !id.isEmpty else {
            throw LLMError.invalidResponse("the new conversation has no id")
        }
        var rest = items.dropFirst(Self.itemsPerCall)
        while !rest.isEmpty {
            _ = try await call(.POST, "/conversations/\(id)/items", body: ["items": .array(Array(rest.prefix(20)))])
            rest = rest.dropFirst(Self.itemsPerCall)
        }
        return id
    }

    /// Deletes a conversation; one OpenAI no longer has counts as deleted.
    func deleteConversation(_ id: String) async throws {
        do {
            _ = try await call(.DELETE, "/conversations/\(id)", body: nil)
        } catch let error as LLMError where error.isConversationMissing {
            return
        }
    }

    /// One call with the provider's retries; the answer as JSON.
    private func call(_ method: HTTPMethod, _ path: String, body: JSONValue?) async throws -> JSONValue {
        let data = try body.map { try JSONEncoder().encode($0) }
        let connection = responses.connection
        return try await connection.attempts(name) {
            let bytes = try await connection.openAIRequest(
                data, to: connection.baseURL + path, method: method, provider: "openai-conversations",
                maxBodySize: 1 << 20)
            return (try? JSONDecoder().decode(JSONValue.self, from: bytes)) ?? .null
        }
    }
}
