import Foundation
import PostgresNIO
import TagarelaCore

/// Thrown when the unique provider-id index turned this delivery away: another instance stored it first.
struct DuplicateDeliveryError: Error {}

/// `IntakeStore`: inbound messages stored once (identities resolved and merged), delivery statuses, number changes.
extension ConversationPostgresStore {
    public func ingest(_ message: InboundMessage, at now: Date, schedule: TurnSchedule) async throws -> IngestResult {
        if let stored = try await ingestKnownContact(message, at: now, schedule: schedule) {
            return stored
        }
        do {
            return try await transaction { connection in
                if let existing = try await existingID(of: message, on: connection) {
                    return .duplicate(messageID: existing)
                }
                _ = try await resolveContact(connection, for: message, now: now)
                // Every identity names the contact now. The unique index decides between instances that
                // received the same webhook at once: no row means another stored it first.
                let pending = PendingIngest(message: message, now: now, schedule: schedule)
                let stored = try await Self.storeKnownContacts([pending]) { try await connection.all($0, statements) }
                guard let result = stored[0], case .stored = result else { throw DuplicateDeliveryError() }
                return result
            }
        } catch is DuplicateDeliveryError {
            // The rollback undid whatever this attempt created for the contact: only the first delivery counts.
            return try await client.withConnection { connection in
                guard let existing = try await existingID(of: message, on: connection) else {
                    throw StorageError.unavailable("a duplicate delivery vanished before it could be read")
                }
                return .duplicate(messageID: existing)
            }
        }
    }

    private func existingID(of message: InboundMessage, on connection: PostgresConnection) async throws -> Int64? {
        try await connection.all(
            """
            SELECT id FROM messages
            WHERE channel = \(message.channel.rawValue) AND provider_message_id = \(message.providerMessageID)
            """, statements
        ).first?.decode(Int64.self)
    }

    public func contactID(for identity: ContactIdentity, channel: ChannelKind, replyAddress: String, at now: Date)
        async throws -> Int64
    {
        try await transaction { connection in
            try await resolveContact(
                connection, identity: identity, profileName: nil, channel: channel, replyAddress: replyAddress,
                now: now)
        }
    }

    /// Finds the contact behind any of the message's identities, creating it or linking new identities.
    func resolveContact(
        _ connection: PostgresConnection, for message: InboundMessage, now: Date
    ) async throws -> Int64 {
        try await resolveContact(
            connection, identity: message.identity, profileName: message.profileName, channel: message.channel,
            replyAddress: message.replyAddress, now: now)
    }

    /// Finds the contact behind any of `identity`'s keys, creating it (replies on `channel` to `replyAddress`) or
    /// linking new keys. When a phone number and a business id turn out to belong to two contacts, they are merged
    /// into the older. A concurrent instance that links or merges the same identities first makes this throw
    /// ``ConcurrentChangeError``, and the transaction runs again on what it committed.
    func resolveContact(
        _ connection: PostgresConnection, identity: ContactIdentity, profileName: String?, channel: ChannelKind,
        replyAddress: String, now: Date
    ) async throws -> Int64 {
        let known = try await connection.all(
            "SELECT key, contact_id FROM contact_identities WHERE key = ANY(\(identity.keys))", statements
        ).map { try $0.decode((String, Int64).self) }
        let owners = Set(known.map(\.1)).sorted()
        let unknownKeys = identity.keys.filter { key in !known.contains { $0.0 == key } }
        let contactID: Int64
        if let first = owners.first {
            contactID = first
            if owners.count > 1 {
                // Locked in id order, so two merges of the same contacts queue instead of deadlocking. (A lone
                // owner needs no lock: if a merge deletes it meanwhile, the message's foreign key fails and the
                // ingest runs again.)
                let locked = try await connection.all(
                    "SELECT id FROM contacts WHERE id = ANY(\(owners)) ORDER BY id FOR UPDATE", statements)
                // One of them was merged away since we looked: look again.
                guard locked.count == owners.count else { throw ConcurrentChangeError() }
            }
            for other in owners.dropFirst() {
                try await merge(connection, contact: other, into: first)
            }
            // Only a new identity (a phone beside a known business id, say) changes the contact row.
            if !unknownKeys.isEmpty {
                try await connection.all(
                    """
                    UPDATE contacts SET phone = COALESCE(phone, \(identity.phone)),
                        user_id = COALESCE(user_id, \(identity.userID)),
                        local_id = COALESCE(local_id, \(identity.localID))
                    WHERE id = \(contactID)
                    """, statements)
            }
        } else {
            let now = now.unixSeconds
            let created = try await connection.all(
                """
                INSERT INTO contacts (phone, user_id, local_id, profile_name, reply_channel, reply_address,
                    first_seen_at, last_seen_at)
                VALUES (\(identity.phone), \(identity.userID), \(identity.localID), \(profileName),
                    \(channel.rawValue), \(replyAddress), \(now), \(now))
                RETURNING id
                """, statements)
            guard let id = try created.first?.decode(Int64.self) else { throw ConcurrentChangeError() }
            contactID = id
        }
        if !unknownKeys.isEmpty {
            for key in unknownKeys {
                try await connection.all(
                    """
                    INSERT INTO contact_identities (key, contact_id) VALUES (\(key), \(contactID))
                    ON CONFLICT (key) DO NOTHING
                    """, statements)
            }
            // A key another instance linked to another contact meanwhile: that one wins, this attempt starts over.
            let foreign = try await connection.all(
                "SELECT 1 FROM contact_identities WHERE key = ANY(\(unknownKeys)) AND contact_id <> \(contactID)",
                statements)
            guard foreign.isEmpty else { throw ConcurrentChangeError() }
        }
        return contactID
    }

    public func changePhone(from oldPhone: String, to newPhone: String, channel: ChannelKind, replyAddress: String)
        async throws -> Bool
    {
        let oldKey = ContactIdentity.phoneKey(oldPhone)
        let newKey = ContactIdentity.phoneKey(newPhone)
        return try await transaction { connection in
            // Locks both identity rows, so a concurrent ingest of the new number waits for the move.
            let known = try await connection.all(
                """
                SELECT key, contact_id FROM contact_identities WHERE key IN (\(oldKey), \(newKey))
                ORDER BY key FOR UPDATE
                """, statements
            ).map { try $0.decode((String, Int64).self) }
            guard let contactID = known.first(where: { $0.0 == oldKey })?.1 else { return false }
            // The person may have written from the new number before the notice arrived (webhooks are unordered).
            if let other = known.first(where: { $0.0 == newKey })?.1, other != contactID {
                try await merge(connection, contact: other, into: contactID)
            }
            // The old number may be given to someone else: it must no longer lead to this memory.
            try await connection.all("DELETE FROM contact_identities WHERE key = \(oldKey)", statements)
            try await connection.all(
                """
                INSERT INTO contact_identities (key, contact_id) VALUES (\(newKey), \(contactID))
                ON CONFLICT (key) DO NOTHING
                """, statements)
            try await connection.all(
                """
                UPDATE contacts SET phone = \(newPhone),
                    reply_address = CASE WHEN reply_channel = \(channel.rawValue) THEN \(replyAddress)
                        ELSE reply_address END
                WHERE id = \(contactID)
                """, statements)
            return true
        }
    }

    public func message(channel: ChannelKind, providerMessageID: String) async throws -> StoredMessage? {
        try await read(
            """
            SELECT * FROM messages
            WHERE channel = \(channel.rawValue) AND provider_message_id = \(providerMessageID)
            """
        ).first.map(Self.message(from:))
    }

    public func recordDeliveryStatus(
        channel: ChannelKind, providerMessageID: String, status: MessageStatus, errorCode: String?,
        errorDetail: String?, optedOut: Bool, at: Date
    ) async throws -> Bool {
        try await transaction { connection in
            // Locked, so two callbacks for one message compare against each other's result, not a stale one.
            let found = try await connection.all(
                """
                SELECT id, contact_id, status FROM messages
                WHERE channel = \(channel.rawValue) AND provider_message_id = \(providerMessageID) AND direction = 'out'
                FOR UPDATE
                """, statements
            ).first?.decode((Int64, Int64, String).self)
            guard let found else { return false }
            let (id, contactID, stored) = found
            let current = MessageStatus(rawValue: stored) ?? .unknown
            // Callbacks come late, twice, or out of order: a status only ever moves forward.
            if status.progressRank > current.progressRank {
                try await connection.all(
                    """
                    UPDATE messages SET status = \(status.rawValue), error_code = COALESCE(\(errorCode), error_code),
                        error_detail = COALESCE(\(errorDetail), error_detail), status_at = \(at.unixSeconds)
                    WHERE id = \(id)
                    """, statements)
            }
            if optedOut {
                try await self.optOut(connection, contactID: contactID)
            }
            return true
        }
    }

    /// Moves everything of `source` to `target` and deletes `source`: one person, one memory.
    private func merge(_ connection: PostgresConnection, contact source: Int64, into target: Int64) async throws {
        try await connection.all("UPDATE messages SET contact_id = \(target) WHERE contact_id = \(source)", statements)
        try await connection.all("UPDATE turns SET contact_id = \(target) WHERE contact_id = \(source)", statements)
        try await connection.all(
            "UPDATE contact_identities SET contact_id = \(target) WHERE contact_id = \(source)", statements)
        // The catalogue and the kept files are the person's too.
        try await connection.all("UPDATE media SET contact_id = \(target) WHERE contact_id = \(source)", statements)
        try await connection.all(
            "UPDATE catalogue_items SET contact_id = \(target) WHERE contact_id = \(source)", statements)
        try await connection.all(
            "UPDATE catalogue_photos SET contact_id = \(target) WHERE contact_id = \(source)", statements)
        // A fact both already had stays once; the source's copy goes with the source.
        try await connection.all(
            """
            UPDATE facts SET contact_id = \(target) WHERE contact_id = \(source)
              AND text NOT IN (SELECT text FROM facts WHERE contact_id = \(target))
            """, statements)
        try await connection.all(
            """
            UPDATE contacts t SET
                inbound_count = t.inbound_count + s.inbound_count,
                outbound_count = t.outbound_count + s.outbound_count,
                first_seen_at = LEAST(t.first_seen_at, s.first_seen_at),
                pending_since = COALESCE(t.pending_since, s.pending_since),
                turn_due_at = COALESCE(t.turn_due_at, s.turn_due_at),
                handoff_at = COALESCE(t.handoff_at, s.handoff_at),
                handoff_reason = COALESCE(t.handoff_reason, s.handoff_reason)
            FROM contacts s
            WHERE t.id = \(target) AND s.id = \(source)
            """, statements)
        try await connection.all("DELETE FROM contacts WHERE id = \(source)", statements)
    }
}
