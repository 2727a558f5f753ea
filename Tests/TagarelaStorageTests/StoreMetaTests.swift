import Foundation
import TagarelaCore
import Testing

/// What the Meta channel needs of storage: messages kept but not answered, media metadata, number changes,
/// the reply window, and failures by error code.
@Suite("Storage: recorded messages, media, number changes, the reply window", .timeLimit(.minutes(3)))
struct StoreMetaTests {
    static let meta: Set<ChannelKind> = [.meta]

    static func metaMessage(
        _ content: InboundContent, from phone: String = "+5511977776666", id: String = "wamid.\(UUID().uuidString)",
        sentAt: Date? = nil, expectsReply: Bool? = nil
    ) -> InboundMessage {
        InboundMessage(
            channel: .meta, providerMessageID: id, identity: ContactIdentity(phone: phone),
            replyAddress: String(phone.dropFirst()), profileName: "Bia", content: content, sentAt: sentAt,
            expectsReply: expectsReply)
    }

    func claim(_ store: any ConversationStore, at now: Date = Fixture.start) async throws -> [TurnClaim] {
        try await store.claimTurns(owner: "w", channels: Self.meta, now: now, leaseDuration: .seconds(30), limit: 10)
    }

    @Test(arguments: StoreKind.allCases)
    func recordedMessagesAreKeptButNeverAnswered(kind: StoreKind) async throws {
        let store = try kind.make()
        let reaction = Self.metaMessage(.reaction(emoji: "👍", messageID: "wamid.ours"))
        guard case .stored(_, let contactID) = try await store.ingest(reaction, at: Fixture.start, schedule: .immediate)
        else {
            Issue.record("reaction not stored")
            return
        }
        let old = Self.metaMessage(.text("from last week"), expectsReply: false)
        _ = try await store.ingest(old, at: Fixture.start, schedule: .immediate)
        #expect(try await claim(store).isEmpty)
        #expect(try await store.nextTurnDue(channels: Self.meta) == nil)
        let stored = try await store.messages(contactID: contactID)
        #expect(stored.map(\.status) == [.recorded, .recorded])
        #expect(stored.map(\.kind) == ["reaction", "text"])
        #expect(stored.first?.text == "👍")
        #expect(try await store.contact(id: contactID)?.inboundCount == 2)
        // A later message is answered alone: the recorded ones are memory, not part of the turn.
        _ = try await store.ingest(Self.metaMessage(.text("oi de novo")), at: Fixture.start, schedule: .immediate)
        let turn = try #require(try await claim(store).first)
        #expect(turn.messages.compactMap(\.text) == ["oi de novo"])
        let history = try await store.history(contactID: contactID, upTo: turn.messages[0].id, limit: 10)
        #expect(history.count == 3)
    }

    @Test(arguments: StoreKind.allCases)
    func mediaMetadataAndProviderTimeRoundTrip(kind: StoreKind) async throws {
        let store = try kind.make()
        let voice = MediaAttachment(
            kind: "audio", id: "1234567890", mimeType: "audio/ogg; codecs=opus", sha256: "m04p+/=", voice: true)
        let sentAt = Fixture.start.addingTimeInterval(-90)
        guard
            case .stored(_, let contactID) = try await store.ingest(
                Self.metaMessage(.media(voice), sentAt: sentAt), at: Fixture.start, schedule: .immediate)
        else {
            Issue.record("not stored")
            return
        }
        let message = try #require(try await store.messages(contactID: contactID).first)
        #expect(message.kind == "audio")
        #expect(message.media == voice)
        #expect(message.status == .received)
        let contact = try #require(try await store.contact(id: contactID))
        // The window runs from when the contact wrote, not from when the webhook came.
        #expect(contact.lastInboundAt == sentAt)
        let turn = try #require(try await claim(store).first)
        #expect(turn.messages.first?.media == voice)
    }

    @Test(arguments: StoreKind.allCases)
    func outboundClaimsCarryTheLastInboundTime(kind: StoreKind) async throws {
        let store = try kind.make()
        let sentAt = Fixture.start.addingTimeInterval(-30)
        _ = try await store.ingest(
            Self.metaMessage(.text("oi"), sentAt: sentAt), at: Fixture.start, schedule: .immediate)
        let turn = try #require(try await claim(store).first)
        try await store.completeTurn(turn, outcome: Fixture.answered(["olá"]), now: Fixture.start)
        let out = try #require(
            try await store.claimOutbound(
                owner: "o", channels: Self.meta, now: Fixture.start, leaseDuration: .seconds(60), limit: 5
            ).first)
        #expect(out.envelope.lastInboundAt == sentAt)
        #expect(out.envelope.to == "5511977776666")
        try await store.recordSend(
            out, result: .failed(code: "131047", reason: "window", optedOut: false), now: Fixture.start)
        #expect(try await store.stats().sendFailuresByCode == ["131047": 1])
        let failed = try await store.messages(contactID: out.envelope.contactID).last
        #expect(failed?.status == .failed && failed?.errorCode == "131047" && failed?.errorDetail == "window")
    }

    @Test(arguments: StoreKind.allCases)
    func aChangedNumberKeepsTheMemory(kind: StoreKind) async throws {
        let store = try kind.make()
        guard
            case .stored(_, let contactID) = try await store.ingest(
                Self.metaMessage(.text("meu número antigo"), from: "+16505551234"), at: Fixture.start,
                schedule: .immediate)
        else {
            Issue.record("not stored")
            return
        }
        #expect(
            try await store.changePhone(
                from: "+16505551234", to: "+12195555358", channel: .meta, replyAddress: "12195555358"))
        let contact = try #require(try await store.contact(id: contactID))
        #expect(contact.phone == "+12195555358")
        #expect(contact.replyAddress == "12195555358")
        // The new number leads to the same memory; the old one to a stranger.
        let fromNew = try await store.ingest(
            Self.metaMessage(.text("número novo"), from: "+12195555358"), at: Fixture.start, schedule: .immediate)
        guard case .stored(_, let sameContact) = fromNew else {
            Issue.record("not stored")
            return
        }
        #expect(sameContact == contactID)
        let fromOld = try await store.ingest(
            Self.metaMessage(.text("sou outra pessoa"), from: "+16505551234"), at: Fixture.start, schedule: .immediate)
        guard case .stored(_, let stranger) = fromOld else {
            Issue.record("not stored")
            return
        }
        #expect(stranger != contactID)
        #expect(
            !(try await store.changePhone(from: "+19999999999", to: "+18888888888", channel: .meta, replyAddress: "1")))
    }

    @Test(arguments: StoreKind.allCases)
    func aNumberChangeMergesAContactAlreadyKnownByTheNewNumber(kind: StoreKind) async throws {
        let store = try kind.make()
        _ = try await store.ingest(
            Self.metaMessage(.text("antigo"), from: "+551100000010"), at: Fixture.start, schedule: .immediate)
        // Webhooks are unordered: the first message from the new number came before the notice.
        _ = try await store.ingest(
            Self.metaMessage(.text("novo"), from: "+551100000020"), at: Fixture.start, schedule: .immediate)
        #expect(try await store.stats().contacts == 2)
        #expect(
            try await store.changePhone(
                from: "+551100000010", to: "+551100000020", channel: .meta, replyAddress: "551100000020"))
        #expect(try await store.stats().contacts == 1)
        let turn = try #require(try await claim(store).first)
        #expect(turn.messages.compactMap(\.text) == ["antigo", "novo"])
    }
}

@Suite("Storage: messages queued outside a turn", .timeLimit(.minutes(3)))
struct StoreEnqueueTests {
    @Test(arguments: StoreKind.allCases)
    func aTemplateIsQueuedOncePerClosedWindowAndFoundByItsProviderID(kind: StoreKind) async throws {
        let store = try kind.make()
        let sentAt = Fixture.start.addingTimeInterval(-90_000)
        guard
            case .stored(_, let contactID) = try await store.ingest(
                StoreMetaTests.metaMessage(.text("oi"), sentAt: sentAt), at: Fixture.start, schedule: .immediate)
        else {
            Issue.record("not stored")
            return
        }
        let draft = OutboundDraft(kind: .template, text: "retomar_conversa")
        let id = try await store.enqueueOutbound(draft, contactID: contactID, now: Fixture.start, unlessSince: sentAt)
        #expect(id != nil)
        // A second failure of the same closed window queues nothing more.
        #expect(
            try await store.enqueueOutbound(draft, contactID: contactID, now: Fixture.start, unlessSince: sentAt) == nil
        )
        let claims = try await store.claimOutbound(
            owner: "o", channels: [.meta], now: Fixture.start, leaseDuration: .seconds(60), limit: 5)
        let claim = try #require(claims.first)
        #expect(claims.count == 1)
        #expect(claim.envelope.kind == .template && claim.envelope.text == "retomar_conversa")
        #expect(claim.envelope.to == "5511977776666")
        try await store.recordSend(claim, result: .sent(providerMessageID: "wamid.T1"), now: Fixture.start)
        let found = try #require(try await store.message(channel: .meta, providerMessageID: "wamid.T1"))
        #expect(found.id == id && found.kind == "template" && found.status == .sent)
        #expect(try await store.message(channel: .twilio, providerMessageID: "wamid.T1") == nil)
        // Templates are not memory.
        let history = try await store.history(contactID: contactID, upTo: Int64.max, limit: 10)
        #expect(history.map(\.kind) == ["text"])
    }

    @Test(arguments: StoreKind.allCases)
    func aPhotoQueuedOutsideATurnKeepsItsMedia(kind: StoreKind) async throws {
        let store = try kind.make()
        guard
            case .stored(_, let contactID) = try await store.ingest(
                StoreMetaTests.metaMessage(.text("oi"), sentAt: Fixture.start), at: Fixture.start, schedule: .immediate)
        else {
            Issue.record("not stored")
            return
        }
        var media = MediaAttachment(kind: .image, id: "0123456789abcdef0123456789abcdef", mimeType: "image/png")
        media.caption = "Bolo"
        let id = try await store.enqueueOutbound(
            OutboundDraft(kind: .image, text: "Bolo", media: media), contactID: contactID, now: Fixture.start,
            unlessSince: nil)
        let claim = try #require(
            try await store.claimOutbound(
                owner: "o", channels: [.meta], now: Fixture.start, leaseDuration: .seconds(60), limit: 5
            ).first)
        #expect(claim.envelope.messageID == id && claim.envelope.kind == .image)
        #expect(claim.envelope.media == media)
        #expect(try await store.messages(contactID: contactID).last?.media == media)
    }
}
