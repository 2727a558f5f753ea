import Foundation
import TagarelaCore
import Testing

/// The business number a contact last wrote to (Twilio's `To`), the same on every store: kept with the contact,
/// handed to the sender with each outbound message, replaced when the contact writes to another of our numbers,
/// and absent for a contact who never wrote (the configured sender serves those).
@Suite("Storage: the number the contact wrote to", .timeLimit(.minutes(3)))
struct StoreBusinessAddressTests {
    static let first = "whatsapp:+14155238886"
    static let second = "whatsapp:+5511955554444"

    func write(_ store: any ConversationStore, to business: String, at offset: TimeInterval) async throws -> Int64 {
        var message = Fixture.text("Oi", from: "+5511988887777")
        message.businessAddress = business
        let result = try await store.ingest(message, at: Fixture.start.addingTimeInterval(offset), schedule: .immediate)
        guard case .stored(_, let contactID) = result else { throw StorageError.unavailable("not stored") }
        return contactID
    }

    func claimOut(_ store: any ConversationStore) async throws -> [OutboundClaim] {
        try await store.claimOutbound(
            owner: "o", channels: Fixture.twilio, now: Fixture.start.addingTimeInterval(3600),
            leaseDuration: .seconds(60), limit: 10)
    }

    @Test(arguments: StoreKind.allCases)
    func repliesGoOutFromTheNumberTheContactLastWroteTo(kind: StoreKind) async throws {
        let store = try kind.make()
        let contactID = try await write(store, to: Self.first, at: 0)
        #expect(try await store.contact(id: contactID)?.businessAddress == Self.first)
        _ = try await store.enqueueOutbound(.reply("um"), contactID: contactID, now: Fixture.start, unlessSince: nil)
        let claim = try #require(try await claimOut(store).first)
        #expect(claim.envelope.from == Self.first && claim.envelope.to == "whatsapp:+5511988887777")
        try await store.recordSend(claim, result: .sent(providerMessageID: "SM1"), now: Fixture.start)

        // The contact writes to our other number: the next message leaves from that one.
        #expect(try await write(store, to: Self.second, at: 10) == contactID)
        #expect(try await store.contact(id: contactID)?.businessAddress == Self.second)
        _ = try await store.enqueueOutbound(.reply("dois"), contactID: contactID, now: Fixture.start, unlessSince: nil)
        #expect(try await claimOut(store).map(\.envelope.from) == [Self.second])
    }

    @Test(arguments: StoreKind.allCases)
    func aContactWhoNeverWroteHasNoNumberToAnswerFrom(kind: StoreKind) async throws {
        let store = try kind.make()
        let contactID = try await store.contactID(
            for: ContactIdentity(phone: "+5511977776666"), channel: .twilio, replyAddress: "whatsapp:+5511977776666",
            at: Fixture.start)
        #expect(try await store.contact(id: contactID)?.businessAddress == nil)
        _ = try await store.enqueueOutbound(
            OutboundDraft(kind: .template, text: "boas_vindas"), contactID: contactID, now: Fixture.start,
            unlessSince: nil)
        let claim = try #require(try await claimOut(store).first)
        #expect(claim.envelope.from == nil && claim.envelope.kind == .template)
    }
}
