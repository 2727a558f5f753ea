import Foundation
import Synchronization
import TagarelaCore
import TagarelaFakes
import TagarelaPostgres

/// A PostgreSQL store on a fresh database of its own, created on first use (`StoreKind.make()` is
/// synchronous, creating a database is not) and dropped when the test lets go of it.
final class LazyPostgresStore: ConversationStore {
    private let ready: Task<PostgresTestDatabase.RunningStore, any Error>
    /// The store once made, for what must answer without waiting (the round-trip count).
    private let made = Mutex<ConversationPostgresStore?>(nil)

    init(server: PostgresSettings) {
        ready = Task { try await PostgresTestDatabase.makeStore(on: server) }
    }

    deinit {
        let ready = ready
        Task { await (try? ready.value)?.discard() }
    }

    var store: ConversationPostgresStore {
        get async throws {
            let store = try await ready.value.store
            made.withLock { $0 = store }
            return store
        }
    }

    func ingest(_ message: InboundMessage, at now: Date, schedule: TurnSchedule) async throws -> IngestResult {
        try await store.ingest(message, at: now, schedule: schedule)
    }

    func claimTurns(
        owner: String, channels: Set<ChannelKind>, now: Date, leaseDuration: Duration, limit: Int
    ) async throws -> [TurnClaim] {
        try await store.claimTurns(
            owner: owner, channels: channels, now: now, leaseDuration: leaseDuration, limit: limit)
    }

    func renewTurnLease(_ claim: TurnClaim, now: Date, leaseDuration: Duration) async throws -> Lease {
        try await store.renewTurnLease(claim, now: now, leaseDuration: leaseDuration)
    }

    func completeTurn(
        _ claim: TurnClaim, outcome: TurnOutcome, now: Date, firstReply: SendClaimRequest?
    ) async throws -> OutboundClaim? {
        try await store.completeTurn(claim, outcome: outcome, now: now, firstReply: firstReply)
    }

    func queueTurnNotice(_ text: String, claim: TurnClaim, now: Date) async throws -> Bool {
        try await store.queueTurnNotice(text, claim: claim, now: now)
    }

    func nextTurnDue(channels: Set<ChannelKind>) async throws -> Date? {
        try await store.nextTurnDue(channels: channels)
    }

    func history(contactID: Int64, upTo messageID: Int64, limit: Int) async throws -> [StoredMessage] {
        try await store.history(contactID: contactID, upTo: messageID, limit: limit)
    }

    func inboundCount(contactID: Int64, since: Date) async throws -> Int {
        try await store.inboundCount(contactID: contactID, since: since)
    }

    func claimOutbound(
        owner: String, channels: Set<ChannelKind>, now: Date, leaseDuration: Duration, limit: Int
    ) async throws -> [OutboundClaim] {
        try await store.claimOutbound(
            owner: owner, channels: channels, now: now, leaseDuration: leaseDuration, limit: limit)
    }

    func recordSend(_ claim: OutboundClaim, result: SendRecord, now: Date) async throws {
        try await store.recordSend(claim, result: result, now: now)
    }

    func nextOutboundDue(channels: Set<ChannelKind>) async throws -> Date? {
        try await store.nextOutboundDue(channels: channels)
    }

    func enqueueOutbound(_ draft: OutboundDraft, contactID: Int64, now: Date, unlessSince: Date?) async throws
        -> Int64?
    {
        try await store.enqueueOutbound(draft, contactID: contactID, now: now, unlessSince: unlessSince)
    }

    func contactID(for identity: ContactIdentity, channel: ChannelKind, replyAddress: String, at now: Date)
        async throws -> Int64
    {
        try await store.contactID(for: identity, channel: channel, replyAddress: replyAddress, at: now)
    }

    func message(channel: ChannelKind, providerMessageID: String) async throws -> StoredMessage? {
        try await store.message(channel: channel, providerMessageID: providerMessageID)
    }

    func takeMediaAllowance(contactID: Int64, bytes: Int, day: Date, quota: MediaQuota) async throws -> Bool {
        try await store.takeMediaAllowance(contactID: contactID, bytes: bytes, day: day, quota: quota)
    }

    func spending(contactID: Int64?, since: Date) async throws -> Spending {
        try await store.spending(contactID: contactID, since: since)
    }

    func toolCalls(contactID: Int64, since: Date) async throws -> [ToolCallRecord] {
        try await store.toolCalls(contactID: contactID, since: since)
    }

    func changePhone(from oldPhone: String, to newPhone: String, channel: ChannelKind, replyAddress: String)
        async throws -> Bool
    {
        try await store.changePhone(from: oldPhone, to: newPhone, channel: channel, replyAddress: replyAddress)
    }

    func recordDeliveryStatus(
        channel: ChannelKind, providerMessageID: String, status: MessageStatus, errorCode: String?,
        errorDetail: String?, optedOut: Bool, at: Date
    ) async throws -> Bool {
        try await store.recordDeliveryStatus(
            channel: channel, providerMessageID: providerMessageID, status: status, errorCode: errorCode,
            errorDetail: errorDetail, optedOut: optedOut, at: at)
    }

    func facts(contactID: Int64) async throws -> [ContactFact] { try await store.facts(contactID: contactID) }

    func setHandoff(contactID: Int64, reason: String?, at: Date) async throws -> Bool {
        try await store.setHandoff(contactID: contactID, reason: reason, at: at)
    }

    func clearMemory(contactID: Int64) async throws -> Bool { try await store.clearMemory(contactID: contactID) }
    func deleteContact(contactID: Int64) async throws -> Bool { try await store.deleteContact(contactID: contactID) }

    func providerConversation(contactID: Int64, provider: String) async throws -> ProviderConversation? {
        try await store.providerConversation(contactID: contactID, provider: provider)
    }

    func saveProviderConversation(_ conversation: ProviderConversation) async throws {
        try await store.saveProviderConversation(conversation)
    }

    func deleteProviderConversation(contactID: Int64, provider: String) async throws {
        try await store.deleteProviderConversation(contactID: contactID, provider: provider)
    }

    func recordTranscript(messageID: Int64, media: MediaAttachment) async throws {
        try await store.recordTranscript(messageID: messageID, media: media)
    }

    func saveMedia(_ media: StoredMedia, purgingBefore: Date) async throws {
        try await store.saveMedia(media, purgingBefore: purgingBefore)
    }

    func media(id: String) async throws -> StoredMedia? { try await store.media(id: id) }

    func contact(id: Int64) async throws -> Contact? { try await store.contact(id: id) }
    func messages(contactID: Int64) async throws -> [StoredMessage] { try await store.messages(contactID: contactID) }
    func messages(contactID: Int64, window: MessageWindow) async throws -> [StoredMessage] {
        try await store.messages(contactID: contactID, window: window)
    }
    func stats() async throws -> StoreStats { try await store.stats() }
    func checkHealth() async throws { try await store.checkHealth() }
    var roundTrips: Int { made.withLock { $0?.roundTrips } ?? 0 }

    func contacts(_ query: ContactListQuery) async throws -> [ContactSummary] { try await store.contacts(query) }
    func turns(contactID: Int64, from firstID: Int64) async throws -> [TurnSummary] {
        try await store.turns(contactID: contactID, from: firstID)
    }

    func activity(since: Date, utcOffset: Int) async throws -> [DailyActivity] {
        try await store.activity(since: since, utcOffset: utcOffset)
    }

    func replyLatencies(since: Date) async throws -> [Double] { try await store.replyLatencies(since: since) }
    func purge(olderThan cutoff: Date) async throws -> PurgeCounts { try await store.purge(olderThan: cutoff) }

    func resumeIdleHandoffs(idleSince cutoff: Date) async throws -> [Int64] {
        try await store.resumeIdleHandoffs(idleSince: cutoff)
    }

    func sendHealth(since: Date) async throws -> [ChannelKind: SendHealth] { try await store.sendHealth(since: since) }

    func contact(identityKey: String) async throws -> Contact? { try await store.contact(identityKey: identityKey) }

    func adminSecret(proposed: [UInt8]) async throws -> [UInt8] { try await store.adminSecret(proposed: proposed) }

    func recordAdminSession(id: String, expiresAt: Date, purgingBefore: Date) async throws {
        try await store.recordAdminSession(id: id, expiresAt: expiresAt, purgingBefore: purgingBefore)
    }

    func adminSessionIsLive(id: String, now: Date) async throws -> Bool {
        try await store.adminSessionIsLive(id: id, now: now)
    }

    func revokeAdminSession(id: String) async throws { try await store.revokeAdminSession(id: id) }
    func revokeAllAdminSessions() async throws { try await store.revokeAllAdminSessions() }
}
