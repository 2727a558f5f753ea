/// The versioned schema. `migrate()` applies each version once, in its own transaction, recorded in
/// `schema_migrations`; versions are only ever appended. Each statement runs on its own, because a
/// prepared statement holds exactly one.
enum PostgresSchema {
    /// The key of the transaction-scoped advisory lock migrations take ("tagarela" in ASCII).
    static let migrationLock: Int64 = 0x7461_6761_7265_6C61

    static let migrations: [(version: Int, statements: [String])] = [
        (1, v1), (2, v2), (3, v3), (4, v4), (5, v5), (6, v6), (7, v7), (8, v8), (9, v9), (10, v10), (11, v11),
        (12, v12), (13, v13), (14, v14),
    ]

    static let bookkeeping = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version BIGINT PRIMARY KEY,
            applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )
        """

    // Times are DOUBLE PRECISION Unix seconds, as SQLite's REAL: the queue compares them on every claim.
    private static let v1 = [
        """
        CREATE TABLE contacts (
            id BIGSERIAL PRIMARY KEY,
            phone TEXT,
            user_id TEXT,
            local_id TEXT,
            profile_name TEXT,
            reply_channel TEXT NOT NULL,
            reply_address TEXT NOT NULL,
            first_seen_at DOUBLE PRECISION NOT NULL,
            last_seen_at DOUBLE PRECISION NOT NULL,
            inbound_count BIGINT NOT NULL DEFAULT 0,
            outbound_count BIGINT NOT NULL DEFAULT 0,
            opted_out BOOLEAN NOT NULL DEFAULT FALSE,
            rate_notice_until DOUBLE PRECISION,
            pending_since DOUBLE PRECISION,
            pending_last DOUBLE PRECISION,
            turn_due_at DOUBLE PRECISION,
            lease_owner TEXT,
            lease_token BIGINT NOT NULL DEFAULT 0,
            lease_until DOUBLE PRECISION
        )
        """,
        "CREATE INDEX contacts_turn_due ON contacts (turn_due_at) WHERE turn_due_at IS NOT NULL",
        "CREATE INDEX contacts_lease ON contacts (lease_until) WHERE lease_owner IS NOT NULL",
        // One person may be known by a phone number, a business-scoped id, or both.
        """
        CREATE TABLE contact_identities (
            key TEXT PRIMARY KEY,
            contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE
        )
        """,
        "CREATE INDEX contact_identities_contact ON contact_identities (contact_id)",
        """
        CREATE TABLE turns (
            id BIGSERIAL PRIMARY KEY,
            contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
            owner TEXT NOT NULL,
            lease_token BIGINT NOT NULL,
            started_at DOUBLE PRECISION NOT NULL,
            finished_at DOUBLE PRECISION,
            status TEXT NOT NULL,
            provider TEXT,
            model TEXT,
            input_tokens BIGINT NOT NULL DEFAULT 0,
            output_tokens BIGINT NOT NULL DEFAULT 0,
            latency_ms DOUBLE PRECISION,
            note TEXT
        )
        """,
        "CREATE INDEX turns_contact ON turns (contact_id, status)",
        """
        CREATE TABLE messages (
            id BIGSERIAL PRIMARY KEY,
            contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
            direction TEXT NOT NULL,
            channel TEXT NOT NULL,
            provider_message_id TEXT,
            kind TEXT NOT NULL,
            text TEXT,
            created_at DOUBLE PRECISION NOT NULL,
            status TEXT NOT NULL,
            error_code TEXT,
            status_at DOUBLE PRECISION,
            turn_id BIGINT REFERENCES turns (id) ON DELETE SET NULL,
            reply_address TEXT,
            attempts BIGINT NOT NULL DEFAULT 0,
            next_attempt_at DOUBLE PRECISION,
            send_owner TEXT,
            send_token BIGINT NOT NULL DEFAULT 0,
            send_lease_until DOUBLE PRECISION,
            send_started_at DOUBLE PRECISION
        )
        """,
        // The idempotency key of inbound delivery: a provider id is stored once per channel.
        """
        CREATE UNIQUE INDEX messages_provider_id ON messages (channel, provider_message_id)
            WHERE provider_message_id IS NOT NULL
        """,
        "CREATE INDEX messages_contact ON messages (contact_id, id)",
        "CREATE INDEX messages_turn ON messages (turn_id)",
        "CREATE INDEX messages_unassigned ON messages (contact_id, id) WHERE direction = 'in' AND turn_id IS NULL",
        "CREATE INDEX messages_outbox_due ON messages (next_attempt_at) WHERE status = 'pending'",
        "CREATE INDEX messages_outbox_contact ON messages (contact_id, id) WHERE status IN ('pending', 'sending')",
        "CREATE INDEX messages_sending ON messages (send_lease_until) WHERE status = 'sending'",
    ]

    // Media metadata (JSON) so a later download needs nothing else; the provider's own timestamp of a message;
    // why a send failed, in the provider's words;
    // the contact's last inbound moment, from which WhatsApp's 24-hour window runs; when the token-budget notice
    // may be sent again; token sums by time for the budgets.
    private static let v2 = [
        "ALTER TABLE messages ADD COLUMN media TEXT",
        "ALTER TABLE messages ADD COLUMN sent_at DOUBLE PRECISION",
        "ALTER TABLE messages ADD COLUMN error_detail TEXT",
        "ALTER TABLE contacts ADD COLUMN last_inbound_at DOUBLE PRECISION",
        "ALTER TABLE contacts ADD COLUMN budget_notice_until DOUBLE PRECISION",
        "CREATE INDEX turns_started ON turns (started_at)",
        "UPDATE contacts SET last_inbound_at = last_seen_at",
    ]

    // What the model remembers about a contact (`remember_fact`); a contact waiting for a person; where the
    // memory starts after it was cleared (messages up to that id are kept but not memory); the tools each turn
    // called; a provider's own conversation per contact (OpenAI Conversations mode).
    private static let v3 = [
        """
        CREATE TABLE facts (
            id BIGSERIAL PRIMARY KEY,
            contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL
        )
        """,
        "CREATE UNIQUE INDEX facts_contact_text ON facts (contact_id, text)",
        """
        CREATE TABLE provider_conversations (
            contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
            provider TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            input_tokens BIGINT NOT NULL DEFAULT 0,
            pending_calls TEXT NOT NULL DEFAULT '[]',
            seen_through BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY (contact_id, provider)
        )
        """,
        "ALTER TABLE contacts ADD COLUMN handoff_at DOUBLE PRECISION",
        "ALTER TABLE contacts ADD COLUMN handoff_reason TEXT",
        "ALTER TABLE contacts ADD COLUMN memory_from BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE contacts ADD COLUMN reply_mode TEXT",
        "ALTER TABLE turns ADD COLUMN tool_calls TEXT",
        "ALTER TABLE turns ADD COLUMN voice TEXT",
        """
        CREATE TABLE media (
            id TEXT PRIMARY KEY,
            contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
            content_type TEXT NOT NULL,
            bytes BYTEA NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL,
            is_public BOOLEAN NOT NULL DEFAULT TRUE
        )
        """,
        "CREATE INDEX media_expires ON media (expires_at)",
    ]

    /// The dashboard's activity per day and the retention purge read messages by age.
    private static let v4 = ["CREATE INDEX messages_created ON messages (created_at)"]

    // The secret that signs dashboard sessions (one row, created by the first instance that needs it), and the
    // sessions still live, so that logging out ends a session on the server.
    private static let v5 = [
        """
        CREATE TABLE admin_secret (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            secret BYTEA NOT NULL
        )
        """,
        """
        CREATE TABLE admin_sessions (
            id TEXT PRIMARY KEY,
            expires_at DOUBLE PRECISION NOT NULL
        )
        """,
        "CREATE INDEX admin_sessions_expires ON admin_sessions (expires_at)",
    ]

    /// Heartbeats of live instances, for crash recovery (see `InstanceLiveness`): runtime state only, never copied.
    private static let v6 = [
        """
        CREATE TABLE instances (
            owner TEXT PRIMARY KEY,
            incarnation TEXT NOT NULL,
            seen_at DOUBLE PRECISION NOT NULL
        )
        """
    ]

    /// What each turn cost in US dollars (text tokens, and voice heard and spoken), for the budgets in dollars.
    private static let v7 = [
        "ALTER TABLE turns ADD COLUMN cost_usd DOUBLE PRECISION",
        "ALTER TABLE turns ADD COLUMN audio_cost_usd DOUBLE PRECISION",
    ]

    /// Each contact's media of the day, for the daily media quota.
    private static let v8 = [
        """
        CREATE TABLE media_usage (
            contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
            day DOUBLE PRECISION NOT NULL,
            count BIGINT NOT NULL,
            bytes BIGINT NOT NULL,
            PRIMARY KEY (contact_id, day)
        )
        """
    ]

    /// Each contact's photo catalogue: descriptions (with the searchable form every store matches alike) and their
    /// photos, whose files are `media` rows; a photo without an item waits for a description.
    private static let v9 = [
        """
        CREATE TABLE catalogue_items (
            id BIGSERIAL PRIMARY KEY,
            contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
            description TEXT NOT NULL,
            search_text TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            updated_at DOUBLE PRECISION NOT NULL
        )
        """,
        "CREATE INDEX catalogue_items_contact ON catalogue_items (contact_id, search_text)",
        """
        CREATE TABLE catalogue_photos (
            id BIGSERIAL PRIMARY KEY,
            contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
            item_id BIGINT REFERENCES catalogue_items (id) ON DELETE CASCADE,
            media_id TEXT NOT NULL UNIQUE,
            message_id BIGINT REFERENCES messages (id) ON DELETE SET NULL,
            content_type TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            waiting_until DOUBLE PRECISION
        )
        """,
        "CREATE INDEX catalogue_photos_item ON catalogue_photos (item_id)",
        "CREATE INDEX catalogue_photos_waiting ON catalogue_photos (contact_id) WHERE item_id IS NULL",
        "CREATE INDEX catalogue_photos_message ON catalogue_photos (message_id)",
    ]

    /// Files kept outside the database (`MEDIA_STORAGE=filesystem|s3`): a row's `location` names the file and its
    /// `bytes` stay empty. Whenever such a row goes (an item or a contact deleted, the retention purge), a trigger
    /// queues its file for deletion in the same transaction, so a bucket that is down delays the deletion but
    /// never loses it.
    private static let v10 = [
        "ALTER TABLE media ADD COLUMN location TEXT",
        """
        CREATE TABLE file_deletions (
            id BIGSERIAL PRIMARY KEY,
            location TEXT NOT NULL,
            contact_id BIGINT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            attempts BIGINT NOT NULL DEFAULT 0,
            next_attempt_at DOUBLE PRECISION NOT NULL
        )
        """,
        "CREATE INDEX file_deletions_due ON file_deletions (next_attempt_at)",
        "CREATE INDEX file_deletions_contact ON file_deletions (contact_id)",
        """
        CREATE FUNCTION queue_file_deletion() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO file_deletions (location, contact_id, created_at, next_attempt_at)
            VALUES (OLD.location, OLD.contact_id, extract(epoch FROM clock_timestamp()), 0);
            RETURN OLD;
        END
        $$
        """,
        """
        CREATE TRIGGER media_file_deleted AFTER DELETE ON media
        FOR EACH ROW WHEN (OLD.location IS NOT NULL) EXECUTE FUNCTION queue_file_deletion()
        """,
    ]

    /// The knowledge base: documents by source, their chunks in order with the words the full-text search matches
    /// and their float16 embedding (with the model that made it); and, per turn, the chunks the model was given.
    private static let v11 = [
        """
        CREATE TABLE knowledge_documents (
            id BIGSERIAL PRIMARY KEY,
            source TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            byte_count BIGINT NOT NULL,
            chunk_count BIGINT NOT NULL,
            added_at DOUBLE PRECISION NOT NULL,
            updated_at DOUBLE PRECISION NOT NULL
        )
        """,
        """
        CREATE TABLE knowledge_chunks (
            id BIGSERIAL PRIMARY KEY,
            document_id BIGINT NOT NULL REFERENCES knowledge_documents (id) ON DELETE CASCADE,
            ordinal BIGINT NOT NULL,
            heading TEXT NOT NULL,
            text TEXT NOT NULL,
            search_text TEXT NOT NULL,
            tokens BIGINT NOT NULL,
            content_hash TEXT NOT NULL,
            embedding_model TEXT,
            embedding BYTEA
        )
        """,
        "CREATE INDEX knowledge_chunks_document ON knowledge_chunks (document_id, ordinal)",
        "ALTER TABLE turns ADD COLUMN knowledge TEXT",
    ]

    /// A contact's running summary and its fold, queued by a turn's completion and claimed under a lease.
    private static let v12 = [
        """
        CREATE TABLE memory_summaries (
            contact_id BIGINT PRIMARY KEY REFERENCES contacts (id) ON DELETE CASCADE,
            summary TEXT NOT NULL DEFAULT '',
            through_message_id BIGINT NOT NULL DEFAULT 0,
            fold_through BIGINT NOT NULL DEFAULT 0,
            updated_at DOUBLE PRECISION,
            due_at DOUBLE PRECISION,
            attempts BIGINT NOT NULL DEFAULT 0,
            lease_owner TEXT,
            lease_token BIGINT NOT NULL DEFAULT 0,
            lease_until DOUBLE PRECISION
        )
        """,
        "CREATE INDEX memory_summaries_due ON memory_summaries (due_at) WHERE due_at IS NOT NULL",
    ]

    /// The journal of calls of tools with a side effect, and the calls held for the contact's yes.
    private static let v13 = [
        """
        CREATE TABLE tool_journal (
            fingerprint TEXT PRIMARY KEY,
            idempotency_key TEXT NOT NULL,
            contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
            tool TEXT NOT NULL,
            arguments TEXT NOT NULL,
            started_at DOUBLE PRECISION NOT NULL,
            result TEXT,
            failed BOOLEAN NOT NULL DEFAULT FALSE,
            finished_at DOUBLE PRECISION
        )
        """,
        "CREATE INDEX tool_journal_contact ON tool_journal (contact_id, started_at)",
        """
        CREATE TABLE held_tool_calls (
            fingerprint TEXT PRIMARY KEY,
            contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
            turn BIGINT NOT NULL,
            tool TEXT NOT NULL,
            arguments TEXT NOT NULL,
            held_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL,
            decided_by BIGINT,
            released BOOLEAN NOT NULL DEFAULT FALSE,
            decided_at DOUBLE PRECISION
        )
        """,
        "CREATE INDEX held_tool_calls_contact ON held_tool_calls (contact_id, held_at)",
    ]

    /// The business number each contact last wrote to (Twilio's inbound `To`): replies go out from it. The origin of
    /// the last signed webhook: without PUBLIC_URL, the base of links handed out when no request is at hand.
    private static let v14 = [
        "ALTER TABLE contacts ADD COLUMN business_address TEXT",
        """
        CREATE TABLE webhook_origin (
            id BIGINT PRIMARY KEY CHECK (id = 1),
            origin TEXT NOT NULL,
            seen_at DOUBLE PRECISION NOT NULL
        )
        """,
    ]
}
