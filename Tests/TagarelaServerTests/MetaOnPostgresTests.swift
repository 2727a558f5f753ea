import Foundation
import HTTPTypes
import HummingbirdTesting
import TagarelaFakes
import TagarelaPostgres
import Testing

/// The Meta channel on the other store: the same webhooks, memory and statuses, kept in PostgreSQL.
@Suite(
    "Meta Cloud API on PostgreSQL",
    .enabled(if: PostgresTestDatabase.isEnabled, Comment(rawValue: PostgresTestDatabase.skipped)),
    .timeLimit(.minutes(2))
)
struct MetaOnPostgresTests {
    @Test func aConversationWithANumberChangeStatusesAndABacklog() async throws {
        try await PostgresTestDatabase.withDatabase { database in
            let url =
                "postgres://\(database.username)@\(database.host):\(database.port)/\(database.database ?? "")"
                + "?sslmode=disable"
            try await TestWorld.with { world in
                await world.openAI.setResponder { request in .text("eco: \(request.lastUserMessage ?? "")") }
                try await world.withServer(["DATABASE_URL": url]) { client in
                    // Number and business-scoped id together, then a reaction (kept, not answered).
                    let first = MetaHook.text("Sou a Eva", from: "16505550001", userID: "US.777")
                    try await MetaHook.post(client, MetaHook.delivery(messages: [first]))
                    let reply = try #require(try await world.graph.waitForSent(count: 1).first)
                    #expect(reply.to == "16505550001")
                    let reaction: [String: Any] = [
                        "from": "16505550001", "id": MetaHook.newID(),
                        "timestamp": String(Int(Date().timeIntervalSince1970)), "type": "reaction",
                        "reaction": ["message_id": reply.id, "emoji": "👍"],
                    ]
                    try await MetaHook.post(client, MetaHook.delivery(messages: [reaction]))
                    // A backlog message from yesterday: stored, not answered.
                    let old = MetaHook.text("ontem", from: "16505550001", sentAt: Date().addingTimeInterval(-86_400))
                    try await MetaHook.post(client, MetaHook.delivery(messages: [old]))
                    // The number changes; the business-scoped id alone keeps writing.
                    let notice: [String: Any] = [
                        "from": "16505550001", "id": MetaHook.newID(),
                        "timestamp": String(Int(Date().timeIntervalSince1970)), "type": "system",
                        "system": ["body": "changed", "wa_id": "16505550002", "type": "user_changed_number"],
                    ]
                    try await MetaHook.post(client, MetaHook.envelope([MetaWebhookTests.value(messages: [notice])]))
                    let again = MetaHook.text("Lembra de mim?", from: nil, userID: "US.777")
                    try await MetaHook.post(client, MetaHook.delivery(messages: [again]))
                    let sent = try await world.graph.waitForSent(count: 2)
                    #expect(sent[1].recipient == "US.777")
                    let last = try #require(await world.openAI.requests().last)
                    #expect(last.messages.contains { $0.content == "Sou a Eva" })
                    // What came in between is memory (the number-change notice is not: the contact did not say it).
                    #expect(last.messages.last?.content == "[reaction] 👍\nontem\nLembra de mim?")
                    #expect(await world.openAI.requestCount() == 2)
                    // Both sends recorded (a status for an unrecorded send is only logged).
                    try await waitUntil {
                        let queue = try await client.stats()["queue"] as? [String: Any]
                        return queue?["pendingOutbound"] as? Int == 0
                    }
                    let failed = MetaHook.delivery(statuses: [MetaHook.status(sent[1].id, "failed", errorCode: 131047)])
                    #expect(try await MetaHook.post(client, failed).status == .ok)
                    let messages = try #require(try await client.stats()["messages"] as? [String: Any])
                    #expect(messages["outsideWindow"] as? Int == 1)
                    #expect(try await client.stats()["contacts"] as? Int == 1)
                }
            }
        }
    }
}
