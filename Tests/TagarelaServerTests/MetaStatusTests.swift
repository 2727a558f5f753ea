import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaChannels
import TagarelaCore
import TagarelaFakes
import TagarelaSQLite
import Testing

/// What Meta reports back about our replies, and the rules that decide whether a reply may go at all.
@Suite("Meta Cloud API: statuses, the 24-hour window, send errors", .timeLimit(.minutes(3)))
struct MetaStatusTests {
    @Test func statusesUpdateTheReplyAndNeverStartATurn() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                try await MetaHook.post(client, MetaHook.delivery(messages: [MetaHook.text("Oi")]))
                let reply = try #require(try await world.graph.waitForSent(count: 1).first)
                try await world.waitUntilRecorded(reply.id)
                for status in ["delivered", "read", "sent"] {
                    let body = MetaHook.delivery(statuses: [MetaHook.status(reply.id, status)])
                    #expect(try await MetaHook.post(client, body).status == .ok)
                }
                let store = try ConversationSQLiteStore(path: world.databasePath)
                let contactID = try #require(try await world.contactIDs(store).first)
                let out = try await store.messages(contactID: contactID).filter { $0.direction == .outbound }
                // A late "sent" never undoes "read".
                #expect(out.map(\.status) == [.read])
                #expect(await world.openAI.requestCount() == 1)
            }
        }
    }

    @Test func aStatusThatOvertakesItsSendIsAskedForAgain() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                // Fresh, for a message not recorded yet: Meta is asked to deliver it again.
                let early = MetaHook.delivery(statuses: [MetaHook.status("wamid.notYetRecorded", "delivered")])
                #expect(try await MetaHook.post(client, early).status == .serviceUnavailable)
                // Old, for a message we never sent (another app on the number): logged and acknowledged.
                var old = MetaHook.status("wamid.neverOurs", "delivered")
                old["timestamp"] = String(Int(Date().timeIntervalSince1970) - 3600)
                #expect(try await MetaHook.post(client, MetaHook.delivery(statuses: [old])).status == .ok)
                // Once the send is recorded, the redelivered status lands.
                try await MetaHook.post(client, MetaHook.delivery(messages: [MetaHook.text("Oi")]))
                let reply = try #require(try await world.graph.waitForSent(count: 1).first)
                try await world.waitUntilRecorded(reply.id)
                let redelivered = MetaHook.delivery(statuses: [MetaHook.status(reply.id, "delivered")])
                #expect(try await MetaHook.post(client, redelivered).status == .ok)
                let store = try ConversationSQLiteStore(path: world.databasePath)
                #expect(try await store.message(channel: .meta, providerMessageID: reply.id)?.status == .delivered)
            }
        }
    }

    @Test func aReengagementFailureIsRecordedAndCounted() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                try await MetaHook.post(client, MetaHook.delivery(messages: [MetaHook.text("Oi")]))
                let reply = try #require(try await world.graph.waitForSent(count: 1).first)
                try await world.waitUntilRecorded(reply.id)
                let failed = MetaHook.delivery(statuses: [MetaHook.status(reply.id, "failed", errorCode: 131047)])
                #expect(try await MetaHook.post(client, failed).status == .ok)
                let messages = try #require(try await client.stats()["messages"] as? [String: Any])
                #expect(messages["outsideWindow"] as? Int == 1)
                #expect((messages["failedByCode"] as? [String: Int])?["131047"] == 1)
                #expect(messages["failed"] as? Int == 1)
                let store = try ConversationSQLiteStore(path: world.databasePath)
                let failedReply = try #require(try await store.message(channel: .meta, providerMessageID: reply.id))
                #expect(failedReply.errorCode == "131047")
                #expect(failedReply.errorDetail == "Re-engagement message: More than 24 hours have passed")
                // Without a template configured nothing more is sent.
                try await client.settled()
                #expect(await world.graph.sent().count == 1)
            }
        }
    }

    @Test func aWindowFailureReportedLaterQueuesTheTemplateOnce() async throws {
        try await TestWorld.with { world in
            try await world.withServer(["WHATSAPP_REENGAGEMENT_TEMPLATE": "retomar_conversa"]) { client in
                try await MetaHook.post(client, MetaHook.delivery(messages: [MetaHook.text("Oi")]))
                let reply = try #require(try await world.graph.waitForSent(count: 1).first)
                try await world.waitUntilRecorded(reply.id)
                // Meta took the reply, then reports it failed outside the window (twice: redelivery).
                let failed = MetaHook.delivery(statuses: [MetaHook.status(reply.id, "failed", errorCode: 131047)])
                for _ in 0..<2 { #expect(try await MetaHook.post(client, failed).status == .ok) }
                let sent = try await world.graph.waitForSent(count: 2)
                #expect(sent[1].type == "template" && sent[1].templateName == "retomar_conversa")
                #expect(sent[1].templateLanguage == "pt_BR")
                #expect(sent[1].to == "5511987654321")
                try await client.settled()
                #expect(await world.graph.sent().count == 2)
            }
        }
    }

    @Test func outsideTheWindowTheTemplateGoesInstead() async throws {
        try await TestWorld.with { world in
            let overrides = ["MAX_MESSAGE_AGE_SECONDS": "0", "WHATSAPP_REENGAGEMENT_TEMPLATE": "retomar_conversa"]
            try await world.withServer(overrides) { client in
                let late = MetaHook.text("oi de dois dias atrás", sentAt: Date().addingTimeInterval(-48 * 3600))
                try await MetaHook.post(client, MetaHook.delivery(messages: [late]))
                let sent = try await world.graph.waitForSent(count: 1)
                #expect(sent[0].type == "template")
                #expect(sent[0].templateName == "retomar_conversa")
            }
        }
    }

    @Test func outsideTheWindowWithoutATemplateTheReplyIsRecordedAsFailed() async throws {
        try await TestWorld.with { world in
            try await world.withServer(["MAX_MESSAGE_AGE_SECONDS": "0"]) { client in
                let late = MetaHook.text("oi de dois dias atrás", sentAt: Date().addingTimeInterval(-48 * 3600))
                try await MetaHook.post(client, MetaHook.delivery(messages: [late]))
                try await waitUntil {
                    let messages = try await client.stats()["messages"] as? [String: Any]
                    return messages?["outsideWindow"] as? Int == 1
                }
                #expect(await world.graph.sent().isEmpty)
            }
        }
    }

    @Test func rateLimitsAreRetriedAndOtherErrorsRecorded() async throws {
        try await TestWorld.with { world in
            await world.graph.enqueueForSends([.error(status: 400, code: 131056, message: "pair rate limit")])
            try await world.withServer { client in
                try await MetaHook.post(
                    client, MetaHook.delivery(messages: [MetaHook.text("Oi", from: "5511900000001")]))
                let sent = try await world.graph.waitForSent(count: 1)
                #expect(sent[0].to == "5511900000001")
                // Refused once for the pair rate limit, then sent on the retry.
                #expect(await world.graph.rejected().map(\.code) == [131056])
                await world.graph.enqueueForSends([.error(status: 400, code: 131026, message: "undeliverable")])
                try await MetaHook.post(
                    client, MetaHook.delivery(messages: [MetaHook.text("Oi", from: "5511900000002")]))
                try await waitUntil {
                    let messages = try await client.stats()["messages"] as? [String: Any]
                    return (messages?["failedByCode"] as? [String: Int])?["131026"] == 1
                }
                #expect(await world.graph.sent().count == 1)
            }
        }
    }
}
