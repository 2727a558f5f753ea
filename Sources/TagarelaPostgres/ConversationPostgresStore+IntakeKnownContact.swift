import Foundation
import PostgresNIO
import TagarelaCore

extension ConversationPostgresStore {
    /// The usual webhook: a contact already known by every identity the message carries. It is stored with the
    /// others arriving meanwhile (``IngestBatcher``); a batch that failed is tried again one message at a time.
    /// Nil when the message needs the full path (a new contact or identity, a merge, a redelivery).
    func ingestKnownContact(_ message: InboundMessage, at now: Date, schedule: TurnSchedule) async throws
        -> IngestResult?
    {
        let pending = PendingIngest(message: message, now: now, schedule: schedule)
        do {
            return try await ingestBatcher.ingest(pending)
        } catch {
            return try await Self.storeKnownContacts([pending]) { try await read($0) }[0]
        }
    }

    /// Stores a batch in one statement and answers each message: stored, a duplicate of an earlier one in the
    /// same batch, or nil (the full path decides). `run` sends the statement.
    static func storeKnownContacts(
        _ batch: [PendingIngest], run: (PostgresQuery) async throws -> [PostgresRow]
    ) async throws -> [IngestResult?] {
        // A provider id twice in one batch is written once; the later copies are answered from the first.
        var firstIndex: [String: Int] = [:]
        var unique: [PendingIngest] = []
        for pending in batch where firstIndex[pending.key] == nil {
            firstIndex[pending.key] = unique.count
            unique.append(pending)
        }
        var stored: [String: IngestResult] = [:]
        for row in try await run(storeForKnownContacts(unique)) {
            let (messageID, contactID, key) = try row.decode((Int64, Int64, String).self)
            stored[key] = .stored(messageID: messageID, contactID: contactID)
        }
        var answered: Set<String> = []
        return batch.map { pending in
            guard let result = stored[pending.key] else { return nil }
            guard answered.insert(pending.key).inserted else {
                guard case .stored(let messageID, _) = result else { return nil }
                return .duplicate(messageID: messageID)
            }
            return result
        }
    }

    /// Stores each message whose identities all name one contact, counts it, schedules the contact's turn
    /// (due after a quiet `debounce`, never later than `maxWait` after the burst began; not for a message that
    /// expects no reply) and notifies the workers of every instance at commit. A contact with several messages
    /// in the batch is updated once, as if they had come one after another. Returns the stored messages' ids,
    /// contacts and keys; a message whose identities are not all known by one contact, or whose provider id was
    /// stored before, gets no row.
    static func storeForKnownContacts(_ batch: [PendingIngest]) -> PostgresQuery {
        """
        WITH input AS (
            SELECT * FROM ROWS FROM (jsonb_to_recordset(\(batchJSON(batch))::JSONB) AS (
                channel TEXT, pid TEXT, kind TEXT, text TEXT, status TEXT, media TEXT, sent_at DOUBLE PRECISION,
                profile TEXT, reply TEXT, business TEXT, expects BOOLEAN, keys JSONB, now DOUBLE PRECISION,
                debounce DOUBLE PRECISION, max_wait DOUBLE PRECISION)
            ) WITH ORDINALITY AS i(channel, pid, kind, text, status, media, sent_at, profile, reply, business,
                expects, keys, now, debounce, max_wait, n)
        ), owner AS (
            SELECT i.n, MIN(ci.contact_id) AS id, COUNT(DISTINCT ci.contact_id) AS owners, COUNT(ci.key) AS found
            FROM input i CROSS JOIN LATERAL jsonb_array_elements_text(i.keys) AS k(key)
                LEFT JOIN contact_identities ci ON ci.key = k.key
            GROUP BY i.n
        ), inserted AS (
            INSERT INTO messages (contact_id, direction, channel, provider_message_id, kind, text, created_at,
                status, media, sent_at)
            SELECT o.id, 'in', i.channel, i.pid, i.kind, i.text, i.now, i.status, i.media, i.sent_at
            FROM input i JOIN owner o ON o.n = i.n
            WHERE o.owners = 1 AND o.found = jsonb_array_length(i.keys)
            ORDER BY i.n
            ON CONFLICT (channel, provider_message_id) WHERE provider_message_id IS NOT NULL DO NOTHING
            RETURNING id, contact_id, channel, provider_message_id
        ), per_contact AS (
            SELECT s.contact_id, COUNT(*) AS stored, MAX(i.n) AS last_n,
                MAX(COALESCE(i.sent_at, i.now)) AS last_inbound,
                MIN(i.now) FILTER (WHERE i.expects) AS first_expecting,
                MAX(i.now) FILTER (WHERE i.expects) AS last_expecting,
                MAX(i.now + i.debounce) FILTER (WHERE i.expects) AS quiet_until,
                (ARRAY_AGG(i.profile ORDER BY i.n DESC) FILTER (WHERE i.profile IS NOT NULL))[1] AS profile
            FROM inserted s JOIN input i ON i.channel = s.channel AND i.pid = s.provider_message_id
            GROUP BY s.contact_id
        ), scheduled AS (
            UPDATE contacts SET
                last_seen_at = l.now,
                last_inbound_at = GREATEST(last_inbound_at, p.last_inbound),
                inbound_count = inbound_count + p.stored,
                profile_name = COALESCE(p.profile, profile_name),
                reply_channel = l.channel,
                reply_address = l.reply,
                business_address = l.business,
                turn_due_at = CASE WHEN p.first_expecting IS NOT NULL THEN LEAST(p.quiet_until,
                    COALESCE(pending_since, p.first_expecting) + l.max_wait) ELSE turn_due_at END,
                pending_since = COALESCE(pending_since, p.first_expecting),
                pending_last = COALESCE(p.last_expecting, pending_last)
            FROM per_contact p JOIN input l ON l.n = p.last_n
            WHERE contacts.id = p.contact_id
            RETURNING contacts.id
        )
        SELECT s.id, s.contact_id, s.channel || ':' || s.provider_message_id
        FROM inserted s JOIN scheduled ON scheduled.id = s.contact_id
            CROSS JOIN LATERAL (SELECT pg_notify(\(turnsChannel), '')) AS notified
        """
    }

    /// The batch as the JSON array the statement reads with `jsonb_to_recordset`, one object per message.
    static func batchJSON(_ batch: [PendingIngest]) -> String {
        struct Row: Encodable {
            var channel, pid, kind: String
            var text: String?
            var status: String
            var media: String?
            var sent_at: Double?
            var profile: String?
            var reply: String
            var business: String?
            var expects: Bool
            var keys: [String]
            var now, debounce, max_wait: Double
        }
        let rows = batch.map { pending in
            let message = pending.message
            return Row(
                channel: message.channel.rawValue, pid: message.providerMessageID, kind: message.content.kind.rawValue,
                text: message.content.text, status: message.status.rawValue, media: message.content.media?.storedJSON,
                sent_at: message.sentAt?.unixSeconds, profile: message.profileName, reply: message.replyAddress,
                business: message.businessAddress, expects: message.expectsReply, keys: message.identity.keys,
                now: pending.now.unixSeconds, debounce: pending.schedule.debounce.timeInterval,
                max_wait: pending.schedule.maxWait.timeInterval)
        }
        return String(decoding: (try? JSONEncoder().encode(rows)) ?? Data("[]".utf8), as: UTF8.self)
    }
}

extension PendingIngest {
    /// What makes a delivery the same message: its channel and the provider's id.
    var key: String { message.channel.rawValue + ":" + message.providerMessageID }
}
