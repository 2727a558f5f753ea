import Foundation
import GRDB
import TagarelaCore

/// `IntakeStore`: inbound messages stored once (identities resolved and merged), delivery statuses, number changes.
extension ConversationSQLiteStore {
    public func ingest(_ message: InboundMessage, at now: Date, schedule: TurnSchedule) async throws -> IngestResult {
        try await write { db in try Self.ingest(db, message, at: now, schedule: schedule) }
    }

    /// Stores one message inside the caller's transaction.
    static func ingest(
        _ db: Database, _ message: InboundMessage, at now: Date, schedule: TurnSchedule
    ) throws -> IngestResult {
        if let existing = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM messages WHERE channel = ? AND provider_message_id = ?"),
            arguments: [message.channel.rawValue, message.providerMessageID])
        {
            return .duplicate(messageID: existing)
        }
        let contactID = try Self.resolveContact(db, for: message, now: now)
        try db.cachedStatement(
            sql: """
                INSERT INTO messages (contact_id, direction, channel, provider_message_id, kind, text, created_at,
                    status, media, sent_at)
                VALUES (?, 'in', ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            contactID, message.channel.rawValue, message.providerMessageID, message.content.kind.rawValue,
            message.content.text, now.sqlSeconds, message.status.rawValue, message.content.media?.storedJSON,
            message.sentAt?.sqlSeconds,
        ])
        let messageID = db.lastInsertedRowID
        // The turn is due after a quiet `debounce`, but never later than `maxWait` after the burst began.
        // A message that expects no reply leaves the schedule as it was.
        try db.cachedStatement(
            sql: """
                UPDATE contacts SET
                    last_seen_at = :now,
                    last_inbound_at = MAX(COALESCE(last_inbound_at, 0), :sentAt),
                    inbound_count = inbound_count + 1,
                    profile_name = COALESCE(:profileName, profile_name),
                    reply_channel = :channel,
                    reply_address = :replyAddress,
                    business_address = :businessAddress,
                    turn_due_at = CASE WHEN :expects
                        THEN MIN(:now + :debounce, COALESCE(pending_since, :now) + :maxWait) ELSE turn_due_at END,
                    pending_since = CASE WHEN :expects THEN COALESCE(pending_since, :now) ELSE pending_since END,
                    pending_last = CASE WHEN :expects THEN :now ELSE pending_last END
                WHERE id = :id
                """
        ).execute(arguments: [
            "now": now.sqlSeconds, "sentAt": (message.sentAt ?? now).sqlSeconds, "profileName": message.profileName,
            "channel": message.channel.rawValue, "replyAddress": message.replyAddress,
            "businessAddress": message.businessAddress,
            "expects": message.expectsReply, "debounce": schedule.debounce.timeInterval,
            "maxWait": schedule.maxWait.timeInterval, "id": contactID,
        ])
        return .stored(messageID: messageID, contactID: contactID)
    }

    public func contactID(for identity: ContactIdentity, channel: ChannelKind, replyAddress: String, at now: Date)
        async throws -> Int64
    {
        try await write { db in
            try Self.resolveContact(
                db, identity: identity, profileName: nil, channel: channel, replyAddress: replyAddress, now: now)
        }
    }

    /// Finds the contact behind any of the message's identities, creating it or linking new identities.
    static func resolveContact(_ db: Database, for message: InboundMessage, now: Date) throws -> Int64 {
        try resolveContact(
            db, identity: message.identity, profileName: message.profileName, channel: message.channel,
            replyAddress: message.replyAddress, now: now)
    }

    /// Finds the contact behind any of `identity`'s keys, creating it (replies on `channel` to `replyAddress`) or
    /// linking new keys. When a phone number and a business id turn out to belong to two contacts, they are merged
    /// into the older.
    static func resolveContact(
        _ db: Database, identity: ContactIdentity, profileName: String?, channel: ChannelKind, replyAddress: String,
        now: Date
    ) throws -> Int64 {
        let (owners, unknownKeys) = try identity.owners { key in
            try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT contact_id FROM contact_identities WHERE key = ?"), arguments: [key])
        }
        let contactID: Int64
        if let first = owners.min() {
            contactID = first
            for other in owners where other != first {
                try merge(db, contact: other, into: first)
            }
            // Only a new identity (a phone beside a known business id, say) changes the contact row.
            if !unknownKeys.isEmpty {
                try db.cachedStatement(
                    sql: """
                        UPDATE contacts SET phone = COALESCE(phone, ?), user_id = COALESCE(user_id, ?),
                            local_id = COALESCE(local_id, ?) WHERE id = ?
                        """
                ).execute(arguments: [identity.phone, identity.userID, identity.localID, contactID])
            }
        } else {
            try db.cachedStatement(
                sql: """
                    INSERT INTO contacts (phone, user_id, local_id, profile_name, reply_channel, reply_address,
                        first_seen_at, last_seen_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                identity.phone, identity.userID, identity.localID, profileName, channel.rawValue, replyAddress,
                now.sqlSeconds, now.sqlSeconds,
            ])
            contactID = db.lastInsertedRowID
        }
        for key in unknownKeys {
            try db.cachedStatement(sql: "INSERT INTO contact_identities (key, contact_id) VALUES (?, ?)")
                .execute(arguments: [key, contactID])
        }
        return contactID
    }

    /// Moves everything of `source` to `target` and deletes `source`: one person, one memory.
    static func merge(_ db: Database, contact source: Int64, into target: Int64) throws {
        // The catalogue and the kept files are the person's too.
        for table in ["messages", "turns", "contact_identities", "media", "catalogue_items", "catalogue_photos"] {
            try db.execute(sql: "UPDATE \(table) SET contact_id = ? WHERE contact_id = ?", arguments: [target, source])
        }
        // A fact both already had stays once; the source's copy goes with the source.
        try db.execute(
            sql: "UPDATE OR IGNORE facts SET contact_id = ? WHERE contact_id = ?", arguments: [target, source])
        try db.execute(
            sql: """
                UPDATE contacts SET
                    inbound_count = inbound_count + (SELECT inbound_count FROM contacts WHERE id = :source),
                    outbound_count = outbound_count + (SELECT outbound_count FROM contacts WHERE id = :source),
                    first_seen_at = MIN(first_seen_at, (SELECT first_seen_at FROM contacts WHERE id = :source)),
                    pending_since = COALESCE(pending_since, (SELECT pending_since FROM contacts WHERE id = :source)),
                    turn_due_at = COALESCE(turn_due_at, (SELECT turn_due_at FROM contacts WHERE id = :source)),
                    handoff_at = COALESCE(handoff_at, (SELECT handoff_at FROM contacts WHERE id = :source)),
                    handoff_reason = COALESCE(handoff_reason, (SELECT handoff_reason FROM contacts WHERE id = :source))
                WHERE id = :target
                """,
            arguments: ["source": source, "target": target])
        try db.execute(sql: "DELETE FROM contacts WHERE id = ?", arguments: [source])
    }

    public func changePhone(from oldPhone: String, to newPhone: String, channel: ChannelKind, replyAddress: String)
        async throws -> Bool
    {
        try await write { db in
            let oldKey = ContactIdentity.phoneKey(oldPhone)
            let newKey = ContactIdentity.phoneKey(newPhone)
            let lookup = "SELECT contact_id FROM contact_identities WHERE key = ?"
            guard let contactID = try Int64.fetchOne(db.cachedStatement(sql: lookup), arguments: [oldKey]) else {
                return false
            }
            // The person may have written from the new number before the notice arrived (webhooks are unordered).
            if let other = try Int64.fetchOne(db.cachedStatement(sql: lookup), arguments: [newKey]), other != contactID
            {
                try Self.merge(db, contact: other, into: contactID)
            }
            // The old number may be given to someone else: it must no longer lead to this memory.
            try db.execute(sql: "DELETE FROM contact_identities WHERE key = ?", arguments: [oldKey])
            try db.execute(
                sql: "INSERT OR IGNORE INTO contact_identities (key, contact_id) VALUES (?, ?)",
                arguments: [newKey, contactID])
            try db.execute(
                sql: """
                    UPDATE contacts SET phone = ?,
                        reply_address = CASE WHEN reply_channel = ? THEN ? ELSE reply_address END
                    WHERE id = ?
                    """,
                arguments: [newPhone, channel.rawValue, replyAddress, contactID])
            return true
        }
    }

    public func message(channel: ChannelKind, providerMessageID: String) async throws -> StoredMessage? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM messages WHERE channel = ? AND provider_message_id = ?",
                arguments: [channel.rawValue, providerMessageID]
            ).map(Self.message(from:))
        }
    }

    public func recordDeliveryStatus(
        channel: ChannelKind, providerMessageID: String, status: MessageStatus, errorCode: String?,
        errorDetail: String?, optedOut: Bool, at: Date
    ) async throws -> Bool {
        try await write { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT id, contact_id, status FROM messages
                            WHERE channel = ? AND provider_message_id = ? AND direction = 'out'
                            """),
                    arguments: [channel.rawValue, providerMessageID])
            else { return false }
            let current = MessageStatus(rawValue: row["status"]) ?? .unknown
            // Callbacks come late, twice, or out of order: a status only ever moves forward.
            if status.progressRank > current.progressRank {
                try db.execute(
                    sql:
                        """
                        UPDATE messages SET status = ?, error_code = COALESCE(?, error_code),
                            error_detail = COALESCE(?, error_detail), status_at = ?
                        WHERE id = ?
                        """,
                    arguments: [status.rawValue, errorCode, errorDetail, at.sqlSeconds, row["id"] as Int64])
            }
            if optedOut {
                let contactID: Int64 = row["contact_id"]
                try db.execute(sql: "UPDATE contacts SET opted_out = 1 WHERE id = ?", arguments: [contactID])
                try Self.cancelUnsent(db, contactID: contactID)
            }
            return true
        }
    }
}
