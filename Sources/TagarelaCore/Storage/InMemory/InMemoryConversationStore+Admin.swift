import Foundation

/// The dashboard's reads and the retention purge.
extension InMemoryConversationStore {
    public func contacts(_ query: ContactListQuery) async throws -> [ContactSummary] {
        let matching = contacts.values.filter { row in
            (!query.waitingForHuman || row.contact.handoffAt != nil) && matches(row.contact, search: query.search)
        }
        return
            matching
            .sorted { ($0.contact.lastSeenAt, $0.contact.id) > ($1.contact.lastSeenAt, $1.contact.id) }
            .dropFirst(query.offset)
            .prefix(query.limit)
            .map { row in
                let last = messages.last { $0.contactID == row.contact.id }?.message
                return ContactSummary(contact: row.contact, lastText: last?.text, lastMessageAt: last?.createdAt)
            }
    }

    /// The SQL stores' search: `LIKE '%term%'` (ASCII letters in any case, `%` and `_` literal) on the name, the
    /// number, the business id or any message text, or the exact id or local id.
    private func matches(_ contact: Contact, search: String?) -> Bool {
        guard let search else { return true }
        let needle = Self.likeFolded(search)
        func like(_ text: String?) -> Bool {
            guard let text else { return false }
            let haystack = Self.likeFolded(text)
            guard haystack.count >= needle.count else { return false }
            return (0...(haystack.count - needle.count)).contains { start in
                haystack[start..<(start + needle.count)].elementsEqual(needle)
            }
        }
        return like(contact.profileName) || like(contact.phone) || like(contact.userID)
            || String(contact.id) == search || contact.localID == search
            || messages.contains { $0.contactID == contact.id && like($0.message.text) }
    }

    /// UTF-8 with ASCII letters lowercased: what SQLite's `LIKE` compares.
    private static func likeFolded(_ text: String) -> [UInt8] {
        text.utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }
    }

    public func contact(identityKey: String) async throws -> Contact? {
        identities[identityKey].flatMap { contacts[$0]?.contact }
    }

    public func turns(contactID: Int64, from firstID: Int64) async throws -> [TurnSummary] {
        turns.filter { $0.contactID == contactID && $0.id >= firstID }.map(\.summary)
    }

    public func activity(since: Date, utcOffset: Int) async throws -> [DailyActivity] {
        // `CAST(seconds / 86400 AS INTEGER)`: truncated toward zero, as SQL does.
        func day(_ date: Date) -> Int { Int((date.timeIntervalSince1970 + Double(utcOffset)) / 86400) }
        var messageDays: [Int: (inbound: Int, outbound: Int)] = [:]
        for row in messages where row.message.createdAt >= since {
            var counts = messageDays[day(row.message.createdAt)] ?? (0, 0)
            if row.message.direction == .inbound { counts.inbound += 1 }
            if row.message.direction == .outbound, ![.cancelled, .pending, .sending].contains(row.status) {
                counts.outbound += 1
            }
            messageDays[day(row.message.createdAt)] = counts
        }
        var turnDays: [Int: (total: Int, failed: Int)] = [:]
        for turn in turns where turn.startedAt >= since {
            guard let status = TurnRecord.Status(rawValue: turn.status), status != .skipped else { continue }
            var counts = turnDays[day(turn.startedAt)] ?? (0, 0)
            counts.total += 1
            if status.isFailure { counts.failed += 1 }
            turnDays[day(turn.startedAt)] = counts
        }
        return DailyActivity.merge(
            messages: messageDays.map { (day: $0.key, inbound: $0.value.inbound, outbound: $0.value.outbound) },
            turns: turnDays.map { (day: $0.key, total: $0.value.total, failed: $0.value.failed) })
    }

    public func replyLatencies(since: Date) async throws -> [Double] {
        turns.filter { $0.startedAt >= since && $0.status == "answered" }
            .sorted { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }
            .compactMap(\.latencyMilliseconds)
    }

    public func purge(olderThan cutoff: Date) async throws -> PurgeCounts {
        var counts = PurgeCounts()
        let busy = Set(contacts.values.filter { $0.turnDueAt != nil || $0.leaseOwner != nil }.map(\.contact.id))
        let before = messages.count
        messages.removeAll { row in
            row.message.createdAt < cutoff && !row.isUnsent
                && !(row.message.direction == .inbound && busy.contains(row.contactID))
        }
        counts.messages = before - messages.count
        let referenced = Set(messages.compactMap(\.message.turnID))
        let turnsBefore = turns.count
        turns.removeAll { $0.startedAt < cutoff && $0.status != "running" && !referenced.contains($0.id) }
        counts.turns = turnsBefore - turns.count
        // A summary last made before the cutoff holds only what purged messages said; one made since stays.
        memorySummaries = memorySummaries.filter { _, row in
            let idle = row.summary.foldThrough <= row.summary.throughMessageID && row.leaseOwner == nil
            return !(idle && (row.summary.updatedAt ?? .distantPast) < cutoff)
        }
        // A journal entry only matters to a turn run again, and a held call to the contact's next message: neither
        // outlives the conversation it belongs to.
        journalRows.removeAll { $0.startedAt < cutoff }
        heldCallRows.removeAll { $0.heldAt < cutoff }
        // Catalogued photos are the contact's own data, not conversation: they stay.
        let catalogued = Set(cataloguePhotos.filter { $0.itemID != nil }.map(\.mediaID))
        let mediaBefore = media.count
        removeMedia { $0.createdAt < cutoff && !catalogued.contains($0.id) }
        counts.media = mediaBefore - media.count
        cataloguePhotos.removeAll { $0.itemID == nil && media[$0.mediaID] == nil }
        let kept = Set(messages.map(\.id))
        for index in cataloguePhotos.indices where cataloguePhotos[index].messageID.map(kept.contains) == false {
            cataloguePhotos[index].messageID = nil
        }
        return counts
    }

    public func resumeIdleHandoffs(idleSince cutoff: Date) async throws -> [Int64] {
        let idle = contacts.values.filter { row in
            guard let handoffAt = row.contact.handoffAt, handoffAt < cutoff else { return false }
            return !messages.contains { $0.contactID == row.contact.id && $0.message.createdAt >= cutoff }
        }
        .map(\.contact.id).sorted()
        for id in idle {
            contacts[id]?.contact.handoffAt = nil
            contacts[id]?.contact.handoffReason = nil
        }
        return idle
    }

    public func sendHealth(since: Date) async throws -> [ChannelKind: SendHealth] {
        var health: [ChannelKind: SendHealth] = [:]
        for row in messages where row.message.direction == .outbound && row.message.createdAt >= since {
            var counts = health[row.message.channel] ?? SendHealth()
            if SendHealth.sentStatuses.contains(row.status.rawValue) { counts.sent += 1 }
            if SendHealth.failedStatuses.contains(row.status.rawValue) { counts.failed += 1 }
            health[row.message.channel] = counts
        }
        return health
    }
}
