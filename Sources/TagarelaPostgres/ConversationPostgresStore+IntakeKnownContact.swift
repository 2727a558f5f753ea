import Foundation
import PostgresNIO
import TagarelaCore

extension ConversationPostgresStore {
    /// The usual webhook: a contact already known by every identity the message carries. One statement
    /// (one round trip, one commit) stores the message, schedules the turn and notifies the workers; nil
    /// when the message needs the full path (a new contact or identity, a merge, a redelivery).
    func ingestKnownContact(_ message: InboundMessage, at now: Date, schedule: TurnSchedule) async throws
        -> IngestResult?
    {
        try Self.stored(from: await read(Self.storeForKnownContact(message, at: now, schedule: schedule)))
    }

    /// What the statement answered: the stored message, or nil when it stored nothing.
    static func stored(from rows: [PostgresRow]) throws -> IngestResult? {
        guard let row = rows.first else { return nil }
        let (messageID, contactID) = try row.decode((Int64, Int64).self)
        return .stored(messageID: messageID, contactID: contactID)
    }

    /// Stores the message for the one contact that all its identities name, counts it, schedules the turn
    /// (due after a quiet `debounce`, never later than `maxWait` after the burst began; not for a message that
    /// expects no reply) and notifies the
    /// workers of every instance at commit. Returns the new message's id and contact, or no row when the
    /// identities are not all known by one contact, or the provider id was stored before.
    static func storeForKnownContact(_ message: InboundMessage, at now: Date, schedule: TurnSchedule) -> PostgresQuery {
        let keys = message.identity.keys
        let now = now.unixSeconds
        let expects = message.expectsReply
        return
            """
            WITH owner AS (
                SELECT MIN(contact_id) AS id, COUNT(DISTINCT contact_id) AS owners, COUNT(*) AS found
                FROM contact_identities WHERE key = ANY(\(keys))
            ), inserted AS (
                INSERT INTO messages (contact_id, direction, channel, provider_message_id, kind, text, created_at,
                    status, media, sent_at)
                SELECT owner.id, 'in', \(message.channel.rawValue), \(message.providerMessageID),
                    \(message.content.kind.rawValue), \(message.content.text), \(now), \(message.status.rawValue),
                    \(message.content.media?.storedJSON), \(message.sentAt?.unixSeconds)
                FROM owner WHERE owner.owners = 1 AND owner.found = \(keys.count)
                ON CONFLICT (channel, provider_message_id) WHERE provider_message_id IS NOT NULL DO NOTHING
                RETURNING id, contact_id
            ), scheduled AS (
                UPDATE contacts SET
                    last_seen_at = \(now),
                    last_inbound_at = GREATEST(last_inbound_at, \(message.sentAt?.unixSeconds ?? now)),
                    inbound_count = inbound_count + 1,
                    profile_name = COALESCE(\(message.profileName), profile_name),
                    reply_channel = \(message.channel.rawValue),
                    reply_address = \(message.replyAddress),
                    business_address = \(message.businessAddress),
                    turn_due_at = CASE WHEN \(expects) THEN LEAST(\(now) + \(schedule.debounce.timeInterval),
                        COALESCE(pending_since, \(now)) + \(schedule.maxWait.timeInterval)) ELSE turn_due_at END,
                    pending_since = CASE WHEN \(expects) THEN COALESCE(pending_since, \(now)) ELSE pending_since END,
                    pending_last = CASE WHEN \(expects) THEN \(now) ELSE pending_last END
                FROM inserted WHERE contacts.id = inserted.contact_id
                RETURNING contacts.id
            )
            SELECT inserted.id, inserted.contact_id
            FROM inserted JOIN scheduled ON scheduled.id = inserted.contact_id
                CROSS JOIN LATERAL (SELECT pg_notify(\(Self.turnsChannel), '')) AS notified
            """
    }
}
