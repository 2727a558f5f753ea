import Foundation

/// Completing a turn: its record, replies, tool effects and the release of the contact, under the fencing check.
extension InMemoryConversationStore {
    public func completeTurn(
        _ claim: TurnClaim, outcome: TurnOutcome, now: Date, firstReply: SendClaimRequest?
    ) async throws -> OutboundClaim? {
        let contactID = claim.contact.id
        guard let holder = contacts[contactID], holder.holds(claim.lease) else { throw StorageError.leaseLost }
        let given = now
        let now = now.asStored
        let record = outcome.record
        if let index = turnIndex(id: claim.turnID) {
            turns[index].status = record.status.rawValue
            turns[index].finishedAt = now
            turns[index].provider = record.provider
            turns[index].model = record.model
            turns[index].inputTokens = record.usage.inputTokens
            turns[index].outputTokens = record.usage.outputTokens
            turns[index].latencyMilliseconds = record.latency.timeInterval * 1000
            turns[index].note = record.note
            turns[index].toolCalls = record.toolCallsJSON
            turns[index].voice = record.voiceJSON
            turns[index].knowledge = record.knowledgeJSON
            turns[index].costUSD = record.cost.text
            turns[index].audioCostUSD = record.cost.audio
        }
        apply(outcome.effects, contactID: contactID, now: now)
        if let through = outcome.foldThrough { queueFold(contactID: contactID, through: through, now: now) }
        let channel = holder.contact.replyChannel
        let address = holder.contact.replyAddress
        var firstReplyID: Int64?
        for draft in outcome.replies {
            let id = nextID(&lastMessageID)
            messages.append(
                MessageRow(
                    message: StoredMessage(
                        id: id, contactID: contactID, direction: .outbound, channel: channel, providerMessageID: nil,
                        kind: MessageKind(rawValue: draft.kind.rawValue), text: draft.text, createdAt: now,
                        status: .pending, errorCode: nil,
                        turnID: claim.turnID, media: draft.media?.asStored),
                    replyAddress: address, nextAttemptAt: now))
            if firstReplyID == nil { firstReplyID = id }
        }
        if var row = contacts[contactID] {
            row.release(clearingSchedule: false)
            row.contact.outboundCount += outcome.replies.count
            row.contact.optedOut = outcome.optOut ?? row.contact.optedOut
            row.contact.rateLimitNoticeUntil =
                outcome.rateLimitNoticeUntil?.asStored ?? row.contact.rateLimitNoticeUntil
            row.contact.budgetNoticeUntil = outcome.budgetNoticeUntil?.asStored ?? row.contact.budgetNoticeUntil
            contacts[contactID] = row
        }
        if outcome.optOut == true {
            cancelUnsent(contactID: contactID)
        }
        guard let firstReply, let firstReplyID, !(outcome.optOut ?? holder.contact.optedOut),
            firstReply.channels.contains(channel)
        else { return nil }
        let envelope = OutboundEnvelope(
            messageID: firstReplyID, contactID: contactID, to: address, text: outcome.replies[0].text,
            lastInboundAt: holder.contact.lastInboundAt, kind: outcome.replies[0].kind,
            media: outcome.replies[0].media, from: holder.contact.businessAddress)
        return claimFirstReply(envelope: envelope, channel: channel, request: firstReply, now: given)
    }

    /// Claims a turn's first reply for its sender, unless an earlier message of the contact must leave first.
    private func claimFirstReply(
        envelope: OutboundEnvelope, channel: ChannelKind, request: SendClaimRequest, now: Date
    ) -> OutboundClaim? {
        let earlier = messages.contains {
            $0.contactID == envelope.contactID && $0.isUnsent && $0.id < envelope.messageID
        }
        guard !earlier, let index = messageIndex(id: envelope.messageID) else { return nil }
        let lease = Lease(
            owner: request.owner, token: 1, expiresAt: now.addingTimeInterval(request.leaseDuration.timeInterval))
        messages[index].message.status = .sending
        messages[index].sendOwner = lease.owner
        messages[index].sendToken = lease.token
        messages[index].sendLeaseUntil = lease.expiresAt.asStored
        messages[index].attempts = 1
        messages[index].sendStartedAt = now.asStored
        return OutboundClaim(envelope: envelope, channel: channel, attempt: 1, lease: lease)
    }

    /// Writes a turn's tool effects with its completion.
    private func apply(_ effects: [ToolEffect], contactID: Int64, now: Date) {
        for effect in effects {
            switch effect {
            case .rememberFact(let text):
                // A turn run again after a lost lease remembers the same fact once.
                guard !facts.contains(where: { $0.contactID == contactID && $0.fact.text == text }) else { continue }
                let id = nextID(&lastFactID)
                facts.append(
                    FactRow(id: id, contactID: contactID, fact: ContactFact(id: id, text: text, createdAt: now)))
            case .unrememberFact(let text):
                facts.removeAll { $0.contactID == contactID && $0.fact.text == text }
            case .forgetFact(let id):
                facts.removeAll { $0.contactID == contactID && $0.id == id }
            case .handoff(let reason):
                setHandoff(contactID: contactID, reason: reason, now: now)
            case .replyMode(let mode):
                contacts[contactID]?.contact.replyMode = mode
            }
        }
    }

    /// Hands the contact to a person (`reason`) or back to the bot (nil); false if there is no such contact.
    @discardableResult
    func setHandoff(contactID: Int64, reason: String?, now: Date) -> Bool {
        guard contacts[contactID] != nil else { return false }
        contacts[contactID]?.contact.handoffAt = reason == nil ? nil : now.asStored
        contacts[contactID]?.contact.handoffReason = reason
        return true
    }
}
