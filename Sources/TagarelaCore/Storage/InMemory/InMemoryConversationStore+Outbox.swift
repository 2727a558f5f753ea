import Foundation

extension InMemoryConversationStore {
    public func claimOutbound(
        owner: String, channels: Set<ChannelKind>, now: Date, leaseDuration: Duration, limit: Int
    ) async throws -> [OutboundClaim] {
        let expiresAt = now.addingTimeInterval(leaseDuration.timeInterval)
        let now = now.asStored
        // Sends whose worker died mid-flight first: their outcome must be settled before anything after them.
        var rows = messages.filter {
            $0.status == .sending && $0.sendLeaseUntil.map { $0 <= now } == true
                && channels.contains($0.message.channel)
        }
        .prefix(max(0, limit))
        .map { (row: $0, optedOut: contacts[$0.contactID]?.contact.optedOut ?? false) }
        if rows.count < limit {
            // Only a contact's oldest unsent message is ready, so its messages leave in order.
            var oldestUnsent: [Int64: Int64] = [:]
            for row in messages where row.isUnsent && oldestUnsent[row.contactID] == nil {
                oldestUnsent[row.contactID] = row.id
            }
            rows += messages.filter {
                $0.status == .pending && $0.nextAttemptAt.map { $0 <= now } == true
                    && channels.contains($0.message.channel) && oldestUnsent[$0.contactID] == $0.id
            }
            .sorted { ($0.nextAttemptAt ?? now, $0.id) < ($1.nextAttemptAt ?? now, $1.id) }
            .prefix(limit - rows.count)
            .map { (row: $0, optedOut: contacts[$0.contactID]?.contact.optedOut ?? false) }
        }
        var claims: [OutboundClaim] = []
        for (row, optedOut) in rows {
            let recovering = row.status == .sending
            if !recovering, optedOut {
                cancelUnsent(contactID: row.contactID)
                continue
            }
            guard let index = messageIndex(id: row.id) else { continue }
            let token = row.sendToken + 1
            let attempt = row.attempts + 1
            if messages[index].status != .sending { messages[index].sendStartedAt = now }
            messages[index].message.status = .sending
            messages[index].sendOwner = owner
            messages[index].sendToken = token
            messages[index].sendLeaseUntil = expiresAt.asStored
            messages[index].attempts = attempt
            claims.append(
                OutboundClaim(
                    envelope: OutboundEnvelope(
                        messageID: row.id, contactID: row.contactID, to: row.replyAddress ?? "",
                        text: row.message.text ?? "", lastInboundAt: contacts[row.contactID]?.contact.lastInboundAt,
                        kind: OutboundKind(rawValue: row.message.kind.rawValue) ?? .reply, media: row.message.media,
                        from: contacts[row.contactID]?.contact.businessAddress),
                    channel: row.message.channel, attempt: attempt,
                    lease: Lease(owner: owner, token: token, expiresAt: expiresAt),
                    recoveringSince: recovering ? row.sendStartedAt : nil))
        }
        return claims
    }

    public func recordSend(_ claim: OutboundClaim, result: SendRecord, now: Date) async throws {
        let now = now.asStored
        guard let index = messageIndex(id: claim.envelope.messageID) else {
            if case .sent = result { return }
            throw StorageError.leaseLost
        }
        if case .sent(let providerMessageID) = result {
            // The provider has it: that is recorded whoever holds the lease now, so it is never sent twice.
            guard [.sending, .pending, .unknown].contains(messages[index].status) else { return }
            messages[index].message.status = .sent
            messages[index].message.providerMessageID = providerMessageID
            messages[index].statusAt = now
            messages[index].sendOwner = nil
            messages[index].sendLeaseUntil = nil
            return
        }
        let row = messages[index]
        guard row.status == .sending, row.sendOwner == claim.lease.owner, row.sendToken == claim.lease.token else {
            throw StorageError.leaseLost
        }
        switch result {
        case .sent:
            break
        case .failed(let code, let reason, let optedOut):
            messages[index].message.status = .failed
            messages[index].message.errorCode = code ?? reason.prefix(64).description
            messages[index].message.errorDetail = reason
            messages[index].statusAt = now
            messages[index].sendOwner = nil
            messages[index].sendLeaseUntil = nil
            if optedOut {
                contacts[claim.envelope.contactID]?.contact.optedOut = true
                cancelUnsent(contactID: claim.envelope.contactID)
            }
        case .retry(let at, let reason):
            messages[index].message.status = .pending
            messages[index].nextAttemptAt = at.asStored
            messages[index].message.errorDetail = reason
            messages[index].sendOwner = nil
            messages[index].sendLeaseUntil = nil
            messages[index].sendStartedAt = nil
        case .recheck(let at, _):
            // Still in flight, unowned: when this lease runs out the recovery path asks the provider.
            messages[index].sendOwner = nil
            messages[index].sendLeaseUntil = at.asStored
        case .unknown(let reason):
            messages[index].message.status = .unknown
            messages[index].message.errorDetail = reason
            messages[index].statusAt = now
            messages[index].sendOwner = nil
            messages[index].sendLeaseUntil = nil
        }
    }

    public func nextOutboundDue(channels: Set<ChannelKind>) async throws -> Date? {
        messages.compactMap { row -> Date? in
            guard channels.contains(row.message.channel) else { return nil }
            switch row.status {
            case .pending: return row.nextAttemptAt
            case .sending: return row.sendLeaseUntil
            default: return nil
            }
        }.min()
    }

    public func enqueueOutbound(_ draft: OutboundDraft, contactID: Int64, now: Date, unlessSince: Date?) async throws
        -> Int64?
    {
        let now = now.asStored
        if let unlessSince,
            messages.contains(where: {
                $0.contactID == contactID && $0.message.direction == .outbound
                    && $0.message.kind.rawValue == draft.kind.rawValue
                    && $0.message.createdAt >= unlessSince
            })
        {
            return nil
        }
        guard let contact = contacts[contactID]?.contact else { return nil }
        let id = nextID(&lastMessageID)
        messages.append(
            MessageRow(
                message: StoredMessage(
                    id: id, contactID: contactID, direction: .outbound, channel: contact.replyChannel,
                    providerMessageID: nil, kind: MessageKind(rawValue: draft.kind.rawValue), text: draft.text,
                    createdAt: now, status: .pending, errorCode: nil, turnID: nil, media: draft.media?.asStored),
                replyAddress: contact.replyAddress, nextAttemptAt: now))
        contacts[contactID]?.contact.outboundCount += 1
        return id
    }
}
