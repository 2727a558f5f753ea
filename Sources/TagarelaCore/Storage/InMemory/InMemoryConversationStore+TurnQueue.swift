import Foundation

extension InMemoryConversationStore {
    public func claimTurns(
        owner: String, channels: Set<ChannelKind>, now: Date, leaseDuration: Duration, limit: Int
    ) async throws -> [TurnClaim] {
        // The lease handed out is computed from `now` as given; the stored one reads back as SQL gives it.
        let expiresAt = now.addingTimeInterval(leaseDuration.timeInterval)
        let now = now.asStored
        // Due and free, or leased by a worker whose lease ran out (it died): both are work to hand out.
        let candidates = contacts.values.compactMap { row -> (id: Int64, due: Date)? in
            guard channels.contains(row.contact.replyChannel) else { return nil }
            if row.leaseOwner == nil, let due = row.turnDueAt, due <= now { return (row.contact.id, due) }
            if row.leaseOwner != nil, let until = row.leaseUntil, until <= now { return (row.contact.id, until) }
            return nil
        }
        .sorted { ($0.due, $0.id) < ($1.due, $1.id) }
        .prefix(max(0, limit))
        return candidates.compactMap { claimTurn(contactID: $0.id, owner: owner, now: now, expiresAt: expiresAt) }
    }

    private func claimTurn(contactID: Int64, owner: String, now: Date, expiresAt: Date) -> TurnClaim? {
        guard let row = contacts[contactID] else { return nil }
        let token = row.leaseToken + 1
        let turnID = nextID(&lastTurnID)
        turns.append(
            TurnRow(
                summary: TurnSummary(
                    id: turnID, status: "running", startedAt: now, provider: nil, model: nil, inputTokens: 0,
                    outputTokens: 0, latencyMilliseconds: nil, note: nil, toolCalls: nil, voice: nil),
                contactID: contactID, owner: owner, leaseToken: token))
        // Unanswered messages, and those of a turn whose worker died, belong to this turn now.
        let running = Set(turns.filter { $0.contactID == contactID && $0.status == "running" }.map(\.id))
        for index in messages.indices {
            let message = messages[index].message
            guard message.contactID == contactID, message.direction == .inbound, message.status == .received,
                message.turnID.map(running.contains) ?? true
            else { continue }
            messages[index].message.turnID = turnID
        }
        for index in turns.indices
        where turns[index].contactID == contactID && turns[index].status == "running" && turns[index].id != turnID {
            turns[index].status = "abandoned"
            turns[index].finishedAt = now
        }
        let claimed = messages.filter { $0.message.turnID == turnID }.map(\.message)
        guard !claimed.isEmpty else {
            // Nothing to answer (a merge moved the messages away): release the contact.
            turns.removeAll { $0.id == turnID }
            contacts[contactID]?.release(clearingSchedule: true)
            return nil
        }
        contacts[contactID]?.leaseOwner = owner
        contacts[contactID]?.leaseToken = token
        contacts[contactID]?.leaseUntil = expiresAt.asStored
        contacts[contactID]?.turnDueAt = nil
        contacts[contactID]?.pendingSince = nil
        contacts[contactID]?.pendingLast = nil
        guard let contact = contacts[contactID]?.contact else { return nil }
        return TurnClaim(
            turnID: turnID, contact: contact, messages: claimed,
            lease: Lease(owner: owner, token: token, expiresAt: expiresAt))
    }

    public func renewTurnLease(_ claim: TurnClaim, now: Date, leaseDuration: Duration) async throws -> Lease {
        let expiresAt = now.addingTimeInterval(leaseDuration.timeInterval)
        guard let row = contacts[claim.contact.id], row.holds(claim.lease) else { throw StorageError.leaseLost }
        contacts[claim.contact.id]?.leaseUntil = expiresAt.asStored
        return Lease(owner: claim.lease.owner, token: claim.lease.token, expiresAt: expiresAt)
    }

    public func nextTurnDue(channels: Set<ChannelKind>) async throws -> Date? {
        contacts.values.compactMap { row -> Date? in
            guard channels.contains(row.contact.replyChannel) else { return nil }
            return row.leaseOwner == nil ? row.turnDueAt : row.leaseUntil
        }.min()
    }

    public func history(contactID: Int64, upTo messageID: Int64, limit: Int) async throws -> [StoredMessage] {
        guard let memoryFrom = contacts[contactID]?.memoryFrom else { return [] }
        // Notices (fallbacks, guards) are not memory; cancelled replies never reached the contact; messages
        // before a clearing are kept, but forgotten.
        let remembered = messages.lazy.map(\.message).filter { message in
            message.contactID == contactID && message.id <= messageID && message.id > memoryFrom
                && (message.direction == .inbound
                    || (["text", "voice", "operator"].contains(message.kind) && message.status != .cancelled))
        }
        return Array(remembered.suffix(max(0, limit)))
    }

    public func recordTranscript(messageID: Int64, media: MediaAttachment) async throws {
        guard let index = messageIndex(id: messageID), messages[index].message.direction == .inbound else { return }
        messages[index].message.media = media.asStored
        messages[index].message.text = media.transcript ?? messages[index].message.text
    }

    public func takeMediaAllowance(contactID: Int64, bytes: Int, day: Date, quota: MediaQuota) async throws -> Bool {
        let day = day.asStored
        mediaUsage = mediaUsage.filter { !($0.key.contactID == contactID && $0.key.day < day) }
        let key = MediaUsageKey(contactID: contactID, day: day)
        let count = (mediaUsage[key]?.count ?? 0) + 1
        let total = (mediaUsage[key]?.bytes ?? 0) + bytes
        if quota.dailyCount > 0, count > quota.dailyCount { return false }
        if quota.dailyBytes > 0, total > quota.dailyBytes { return false }
        mediaUsage[key] = (count, total)
        return true
    }

    public func spending(contactID: Int64?, since: Date) async throws -> Spending {
        var spending = Spending()
        for turn in turns where turn.startedAt >= since && (contactID == nil || turn.contactID == contactID) {
            spending.tokens += turn.inputTokens + turn.outputTokens
            spending.dollars += (turn.costUSD ?? 0) + (turn.audioCostUSD ?? 0)
            spending.audioDollars += turn.audioCostUSD ?? 0
        }
        return spending
    }

    public func toolCalls(contactID: Int64, since: Date) async throws -> [ToolCallRecord] {
        turns.filter { $0.contactID == contactID && $0.startedAt >= since }.sorted { $0.id < $1.id }
            .flatMap { TurnRecord.toolCalls(fromJSON: $0.toolCalls) }
    }

    public func inboundCount(contactID: Int64, since: Date) async throws -> Int {
        messages.count(where: {
            $0.contactID == contactID && $0.message.direction == .inbound && $0.message.createdAt >= since
        })
    }
}

extension InMemoryConversationStore.ContactRow {
    /// Whether `lease` is the one the contact's turn is held under (the fencing check).
    func holds(_ lease: Lease) -> Bool {
        leaseOwner == lease.owner && leaseToken == lease.token
    }

    /// Ends the turn lease; with `clearingSchedule`, the contact has nothing due either.
    mutating func release(clearingSchedule: Bool) {
        leaseOwner = nil
        leaseUntil = nil
        if clearingSchedule {
            turnDueAt = nil
            pendingSince = nil
            pendingLast = nil
        }
    }
}
