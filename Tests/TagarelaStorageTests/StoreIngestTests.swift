import Foundation
import TagarelaCore
import Testing

@Suite("Storage: ingest and identity", .timeLimit(.minutes(3)))
struct StoreIngestTests {
    @Test(arguments: StoreKind.allCases)
    func storesOncePerProviderID(kind: StoreKind) async throws {
        let store = try kind.make()
        let first = try await store.ingest(Fixture.text("Oi", sid: "SM1"), at: Fixture.start, schedule: .immediate)
        let again = try await store.ingest(Fixture.text("Oi", sid: "SM1"), at: Fixture.start, schedule: .immediate)
        guard case .stored(let messageID, let contactID) = first else {
            Issue.record("first delivery not stored")
            return
        }
        #expect(again == .duplicate(messageID: messageID))
        let messages = try await store.messages(contactID: contactID)
        #expect(messages.count == 1)
        #expect(messages.first?.text == "Oi")
        let contact = try #require(try await store.contact(id: contactID))
        #expect(contact.inboundCount == 1)
        #expect(contact.phone == "+5511999990001")
        #expect(contact.profileName == "Ana")
    }

    /// The usual webhook, a known contact writing again, costs one round trip to the database: the figure that
    /// `/metrics` shows and the benchmark divides by the webhooks it sent.
    @Test(arguments: StoreKind.allCases)
    func aKnownContactsMessageIsOneRoundTrip(kind: StoreKind) async throws {
        let store = try kind.make()
        _ = try await store.ingest(Fixture.text("Oi", sid: "SM1"), at: Fixture.start, schedule: .immediate)
        let before = store.roundTrips
        let again = try await store.ingest(
            Fixture.text("De novo", sid: "SM2"), at: Fixture.start, schedule: .immediate)
        guard case .stored = again else {
            Issue.record("a new message was not stored: \(again)")
            return
        }
        #expect(store.roundTrips - before == (kind == .memory ? 0 : 1))
    }

    @Test(arguments: StoreKind.allCases)
    func phoneAndBusinessIDAreOnePerson(kind: StoreKind) async throws {
        let store = try kind.make()
        let byPhone = try await store.ingest(
            Fixture.text("1", from: "+5511911112222"), at: Fixture.start, schedule: .immediate)
        var both = Fixture.text("2")
        both.identity = ContactIdentity(phone: "+5511911112222", userID: "BR.777")
        let byBoth = try await store.ingest(both, at: Fixture.start, schedule: .immediate)
        var onlyID = Fixture.text("3")
        onlyID.identity = ContactIdentity(userID: "BR.777")
        onlyID.replyAddress = "whatsapp:BR.777"
        let byID = try await store.ingest(onlyID, at: Fixture.start, schedule: .immediate)
        let ids = [byPhone, byBoth, byID].compactMap { result -> Int64? in
            if case .stored(_, let contact) = result { return contact }
            return nil
        }
        #expect(ids.count == 3)
        #expect(Set(ids).count == 1)
        let contact = try #require(try await store.contact(id: ids[0]))
        #expect(contact.userID == "BR.777")
        #expect(contact.replyAddress == "whatsapp:BR.777")
        #expect(try await store.stats().contacts == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func twoKnownIdentitiesAreMerged(kind: StoreKind) async throws {
        let store = try kind.make()
        _ = try await store.ingest(
            Fixture.text("by phone", from: "+5511933334444"), at: Fixture.start, schedule: .immediate)
        var onlyID = Fixture.text("by id")
        onlyID.identity = ContactIdentity(userID: "BR.42")
        _ = try await store.ingest(onlyID, at: Fixture.start, schedule: .immediate)
        #expect(try await store.stats().contacts == 2)
        var both = Fixture.text("both")
        both.identity = ContactIdentity(phone: "+5511933334444", userID: "BR.42")
        guard case .stored(_, let contactID) = try await store.ingest(both, at: Fixture.start, schedule: .immediate)
        else {
            Issue.record("not stored")
            return
        }
        #expect(try await store.stats().contacts == 1)
        let texts = try await store.messages(contactID: contactID).compactMap(\.text)
        #expect(texts == ["by phone", "by id", "both"])
        #expect(try await store.contact(id: contactID)?.inboundCount == 3)
    }

    @Test(arguments: StoreKind.allCases)
    func contactsNeverMix(kind: StoreKind) async throws {
        let store = try kind.make()
        _ = try await store.ingest(Fixture.text("a", from: "+551100000001"), at: Fixture.start, schedule: .immediate)
        _ = try await store.ingest(Fixture.text("b", from: "+551100000002"), at: Fixture.start, schedule: .immediate)
        let claims = try await store.claimTurns(
            owner: "w", channels: Fixture.twilio, now: Fixture.start, leaseDuration: .seconds(30), limit: 10)
        #expect(claims.count == 2)
        for claim in claims {
            #expect(claim.messages.count == 1)
            #expect(claim.messages.allSatisfy { $0.contactID == claim.contact.id })
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aContactKnownBeforeTheyWriteHasNoMessageAndIsFoundAgain(kind: StoreKind) async throws {
        let store = try kind.make()
        let phone = ContactIdentity(phone: "+5511955556666")
        let id = try await store.contactID(
            for: phone, channel: .twilio, replyAddress: "whatsapp:+5511955556666", at: Fixture.start)
        let contact = try #require(try await store.contact(id: id))
        #expect(contact.phone == "+5511955556666")
        #expect(contact.replyAddress == "whatsapp:+5511955556666")
        #expect(contact.inboundCount == 0)
        #expect(contact.lastInboundAt == nil)
        #expect(try await store.messages(contactID: id).isEmpty)
        #expect(try await store.nextTurnDue(channels: Fixture.twilio) == nil)
        // Asked again, and when the person then writes, it is the same contact.
        let later = Fixture.start.addingTimeInterval(60)
        #expect(try await store.contactID(for: phone, channel: .meta, replyAddress: "5511955556666", at: later) == id)
        #expect(try await store.contact(id: id)?.replyChannel == .twilio)
        let written = try await store.ingest(
            Fixture.text("Oi", from: "+5511955556666"), at: later, schedule: .immediate)
        guard case .stored(_, let contactID) = written else {
            Issue.record("not stored")
            return
        }
        #expect(contactID == id)
        #expect(try await store.stats().contacts == 1)
    }
}
