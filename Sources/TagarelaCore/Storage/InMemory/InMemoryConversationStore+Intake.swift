import Foundation

extension InMemoryConversationStore {
    public func ingest(_ message: InboundMessage, at now: Date, schedule: TurnSchedule) async throws -> IngestResult {
        if let existing = messages.first(where: {
            $0.message.channel == message.channel && $0.message.providerMessageID == message.providerMessageID
        }) {
            return .duplicate(messageID: existing.id)
        }
        let now = now.asStored
        let contactID = resolveContact(for: message, now: now)
        let messageID = nextID(&lastMessageID)
        messages.append(
            MessageRow(
                message: StoredMessage(
                    id: messageID, contactID: contactID, direction: .inbound, channel: message.channel,
                    providerMessageID: message.providerMessageID, kind: message.content.kind,
                    text: message.content.text, createdAt: now, status: message.status, errorCode: nil, turnID: nil,
                    media: message.content.media?.asStored),
                sentAt: message.sentAt?.asStored))
        guard var row = contacts[contactID] else { return .stored(messageID: messageID, contactID: contactID) }
        let sentAt = (message.sentAt ?? now).asStored
        row.contact.lastSeenAt = now
        row.contact.lastInboundAt = max(row.contact.lastInboundAt ?? Date(timeIntervalSince1970: 0), sentAt)
        row.contact.inboundCount += 1
        row.contact.profileName = message.profileName ?? row.contact.profileName
        row.contact.replyChannel = message.channel
        row.contact.replyAddress = message.replyAddress
        row.contact.businessAddress = message.businessAddress
        // The turn is due after a quiet `debounce`, but never later than `maxWait` after the burst began.
        // A message that expects no reply leaves the schedule as it was.
        if message.expectsReply {
            row.turnDueAt = min(now.adding(schedule.debounce), (row.pendingSince ?? now).adding(schedule.maxWait))
            row.pendingSince = row.pendingSince ?? now
            row.pendingLast = now
        }
        contacts[contactID] = row
        return .stored(messageID: messageID, contactID: contactID)
    }

    public func message(channel: ChannelKind, providerMessageID: String) async throws -> StoredMessage? {
        messages.first { $0.message.channel == channel && $0.message.providerMessageID == providerMessageID }?.message
    }

    public func recordDeliveryStatus(
        channel: ChannelKind, providerMessageID: String, status: MessageStatus, errorCode: String?,
        errorDetail: String?, optedOut: Bool, at: Date
    ) async throws -> Bool {
        guard
            let index = messages.firstIndex(where: {
                $0.message.channel == channel && $0.message.providerMessageID == providerMessageID
                    && $0.message.direction == .outbound
            })
        else { return false }
        // Callbacks come late, twice, or out of order: a status only ever moves forward.
        if status.progressRank > messages[index].status.progressRank {
            messages[index].message.status = status
            messages[index].message.errorCode = errorCode ?? messages[index].message.errorCode
            messages[index].message.errorDetail = errorDetail ?? messages[index].message.errorDetail
            messages[index].statusAt = at.asStored
        }
        if optedOut {
            let contactID = messages[index].contactID
            contacts[contactID]?.contact.optedOut = true
            cancelUnsent(contactID: contactID)
        }
        return true
    }

    public func changePhone(from oldPhone: String, to newPhone: String, channel: ChannelKind, replyAddress: String)
        async throws -> Bool
    {
        let oldKey = ContactIdentity.phoneKey(oldPhone)
        let newKey = ContactIdentity.phoneKey(newPhone)
        guard let contactID = identities[oldKey] else { return false }
        // The person may have written from the new number before the notice arrived (webhooks are unordered).
        if let other = identities[newKey], other != contactID {
            merge(contact: other, into: contactID)
        }
        // The old number may be given to someone else: it must no longer lead to this memory.
        identities[oldKey] = nil
        if identities[newKey] == nil { identities[newKey] = contactID }
        contacts[contactID]?.contact.phone = newPhone
        if contacts[contactID]?.contact.replyChannel == channel {
            contacts[contactID]?.contact.replyAddress = replyAddress
        }
        return true
    }

    public func contactID(for identity: ContactIdentity, channel: ChannelKind, replyAddress: String, at now: Date)
        async throws -> Int64
    {
        resolveContact(
            identity: identity, profileName: nil, channel: channel, replyAddress: replyAddress, now: now.asStored)
    }

    /// Finds the contact behind any of the message's identities, creating it or linking new identities.
    func resolveContact(for message: InboundMessage, now: Date) -> Int64 {
        resolveContact(
            identity: message.identity, profileName: message.profileName, channel: message.channel,
            replyAddress: message.replyAddress, now: now)
    }

    /// Finds the contact behind any of `identity`'s keys, creating it (replies on `channel` to `replyAddress`) or
    /// linking new keys. When a phone number and a business id turn out to belong to two contacts, they are merged
    /// into the older.
    func resolveContact(
        identity: ContactIdentity, profileName: String?, channel: ChannelKind, replyAddress: String, now: Date
    ) -> Int64 {
        let (owners, unknownKeys) = identity.owners { identities[$0] }
        let contactID: Int64
        if let first = owners.min() {
            contactID = first
            for other in owners where other != first {
                merge(contact: other, into: first)
            }
            // Only a new identity (a phone beside a known business id, say) changes the contact row.
            if !unknownKeys.isEmpty, var row = contacts[contactID] {
                row.contact.phone = row.contact.phone ?? identity.phone
                row.contact.userID = row.contact.userID ?? identity.userID
                row.contact.localID = row.contact.localID ?? identity.localID
                contacts[contactID] = row
            }
        } else {
            contactID = nextID(&lastContactID)
            contacts[contactID] = ContactRow(
                contact: Contact(
                    id: contactID, phone: identity.phone, userID: identity.userID, localID: identity.localID,
                    profileName: profileName, replyChannel: channel, replyAddress: replyAddress, firstSeenAt: now,
                    lastSeenAt: now, inboundCount: 0,
                    outboundCount: 0, optedOut: false))
        }
        for key in unknownKeys {
            identities[key] = contactID
        }
        return contactID
    }

    /// Moves everything of `source` to `target` and deletes `source`: one person, one memory.
    func merge(contact source: Int64, into target: Int64) {
        for index in messages.indices where messages[index].contactID == source {
            messages[index].message.contactID = target
        }
        for index in turns.indices where turns[index].contactID == source {
            turns[index].contactID = target
        }
        for (key, owner) in identities where owner == source {
            identities[key] = target
        }
        // The catalogue and the kept files are the person's too.
        for (id, file) in media where file.contactID == source {
            media[id]?.contactID = target
        }
        for (id, item) in catalogueItems where item.contactID == source {
            catalogueItems[id]?.contactID = target
        }
        for index in cataloguePhotos.indices where cataloguePhotos[index].contactID == source {
            cataloguePhotos[index].contactID = target
        }
        // A fact both already had stays once; the source's copy goes with the source.
        let targetFacts = Set(facts.filter { $0.contactID == target }.map(\.fact.text))
        for index in facts.indices
        where facts[index].contactID == source && !targetFacts.contains(facts[index].fact.text) {
            facts[index].contactID = target
        }
        if let from = contacts[source], var into = contacts[target] {
            into.contact.inboundCount += from.contact.inboundCount
            into.contact.outboundCount += from.contact.outboundCount
            into.contact.firstSeenAt = min(into.contact.firstSeenAt, from.contact.firstSeenAt)
            into.pendingSince = into.pendingSince ?? from.pendingSince
            into.turnDueAt = into.turnDueAt ?? from.turnDueAt
            into.contact.handoffAt = into.contact.handoffAt ?? from.contact.handoffAt
            into.contact.handoffReason = into.contact.handoffReason ?? from.contact.handoffReason
            contacts[target] = into
        }
        removeContact(source)
    }
}
