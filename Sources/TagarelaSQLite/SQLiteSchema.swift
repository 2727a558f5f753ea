import GRDB

/// The versioned schema. Migrations run when the database opens, inside GRDB's migrator (one
/// transaction each, recorded in `grdb_migrations`), so a half-applied migration never remains.
enum SQLiteSchema {
    /// The migrations in order, each named as `grdb_migrations` records it; only ever appended.
    static let migrations: [(name: String, sql: String)] = [
        ("v1-conversations", v1), ("v2-media-and-window", v2), ("v3-tools", v3), ("v4-admin", v4),
        ("v5-admin-sessions", v5), ("v6-turn-costs", v6), ("v7-media-usage", v7), ("v8-catalogue", v8),
        ("v9-file-locations", v9),
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.name) { db in
                try db.execute(sql: migration.sql)
            }
        }
        migrator.registerMigration("v10-knowledge") { db in
            try db.execute(sql: v10)
        }
        migrator.registerMigration("v11-memory-summaries") { db in
            try db.execute(sql: v11)
        }
        migrator.registerMigration("v12-tool-journal") { db in
            try db.execute(sql: v12)
        }
        migrator.registerMigration("v13-drop-in") { db in
            try db.execute(sql: v13)
        }
        return migrator
    }

    // Times are REAL Unix seconds: the queue compares them in SQL on every claim.
    private static let v1 = """
        CREATE TABLE contacts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            phone TEXT,
            user_id TEXT,
            local_id TEXT,
            profile_name TEXT,
            reply_channel TEXT NOT NULL,
            reply_address TEXT NOT NULL,
            first_seen_at REAL NOT NULL,
            last_seen_at REAL NOT NULL,
            inbound_count INTEGER NOT NULL DEFAULT 0,
            outbound_count INTEGER NOT NULL DEFAULT 0,
            opted_out INTEGER NOT NULL DEFAULT 0,
            rate_notice_until REAL,
            pending_since REAL,
            pending_last REAL,
            turn_due_at REAL,
            lease_owner TEXT,
            lease_token INTEGER NOT NULL DEFAULT 0,
            lease_until REAL
        );
        CREATE INDEX contacts_turn_due ON contacts(turn_due_at) WHERE turn_due_at IS NOT NULL;
        CREATE INDEX contacts_lease ON contacts(lease_until) WHERE lease_owner IS NOT NULL;

        -- One person may be known by a phone number, a business-scoped id, or both.
        CREATE TABLE contact_identities (
            key TEXT PRIMARY KEY NOT NULL,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE
        );
        CREATE INDEX contact_identities_contact ON contact_identities(contact_id);

        CREATE TABLE turns (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            owner TEXT NOT NULL,
            lease_token INTEGER NOT NULL,
            started_at REAL NOT NULL,
            finished_at REAL,
            status TEXT NOT NULL,
            provider TEXT,
            model TEXT,
            input_tokens INTEGER NOT NULL DEFAULT 0,
            output_tokens INTEGER NOT NULL DEFAULT 0,
            latency_ms REAL,
            note TEXT
        );
        CREATE INDEX turns_contact ON turns(contact_id, status);

        CREATE TABLE messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            direction TEXT NOT NULL,
            channel TEXT NOT NULL,
            provider_message_id TEXT,
            kind TEXT NOT NULL,
            text TEXT,
            created_at REAL NOT NULL,
            status TEXT NOT NULL,
            error_code TEXT,
            status_at REAL,
            turn_id INTEGER REFERENCES turns(id) ON DELETE SET NULL,
            reply_address TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL,
            send_owner TEXT,
            send_token INTEGER NOT NULL DEFAULT 0,
            send_lease_until REAL,
            send_started_at REAL
        );
        -- The idempotency key of inbound delivery: a provider id is stored once per channel.
        CREATE UNIQUE INDEX messages_provider_id ON messages(channel, provider_message_id)
            WHERE provider_message_id IS NOT NULL;
        CREATE INDEX messages_contact ON messages(contact_id, id);
        CREATE INDEX messages_unassigned ON messages(contact_id, id) WHERE direction = 'in' AND turn_id IS NULL;
        CREATE INDEX messages_outbox_due ON messages(next_attempt_at) WHERE status = 'pending';
        CREATE INDEX messages_outbox_contact ON messages(contact_id, id) WHERE status IN ('pending', 'sending');
        CREATE INDEX messages_sending ON messages(send_lease_until) WHERE status = 'sending';
        """

    // Media metadata (JSON) so a later download needs nothing else; the provider's own timestamp of a message;
    // why a send failed, in the provider's words;
    // the contact's last inbound moment, from which WhatsApp's 24-hour window runs; when the token-budget notice
    // may be sent again; token sums by time for the budgets.
    private static let v2 = """
        ALTER TABLE messages ADD COLUMN media TEXT;
        ALTER TABLE messages ADD COLUMN sent_at REAL;
        ALTER TABLE messages ADD COLUMN error_detail TEXT;
        ALTER TABLE contacts ADD COLUMN last_inbound_at REAL;
        ALTER TABLE contacts ADD COLUMN budget_notice_until REAL;
        CREATE INDEX turns_started ON turns(started_at);
        UPDATE contacts SET last_inbound_at = last_seen_at;
        """

    // What the model remembers about a contact (`remember_fact`); a contact waiting for a person; where the
    // memory starts after it was cleared (messages up to that id are kept but not memory); the tools each turn
    // called; a provider's own conversation per contact (OpenAI Conversations mode).
    private static let v3 = """
        CREATE TABLE facts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            created_at REAL NOT NULL
        );
        CREATE UNIQUE INDEX facts_contact_text ON facts(contact_id, text);
        CREATE TABLE provider_conversations (
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            provider TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            created_at REAL NOT NULL,
            input_tokens INTEGER NOT NULL DEFAULT 0,
            pending_calls TEXT NOT NULL DEFAULT '[]',
            seen_through INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (contact_id, provider)
        );
        ALTER TABLE contacts ADD COLUMN handoff_at REAL;
        ALTER TABLE contacts ADD COLUMN handoff_reason TEXT;
        ALTER TABLE contacts ADD COLUMN memory_from INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE contacts ADD COLUMN reply_mode TEXT;
        ALTER TABLE turns ADD COLUMN tool_calls TEXT;
        ALTER TABLE turns ADD COLUMN voice TEXT;
        CREATE TABLE media (
            id TEXT PRIMARY KEY NOT NULL,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            content_type TEXT NOT NULL,
            bytes BLOB NOT NULL,
            created_at REAL NOT NULL,
            expires_at REAL NOT NULL,
            is_public INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX media_expires ON media(expires_at);
        """

    // The dashboard's activity per day and the retention purge read messages by age.
    private static let v4 = """
        CREATE INDEX messages_created ON messages(created_at);
        """

    // The secret that signs dashboard sessions (one row, created by the first instance that needs it), and the
    // sessions still live, so that logging out ends a session on the server.
    private static let v5 = """
        CREATE TABLE admin_secret (
            id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
            secret BLOB NOT NULL
        );
        CREATE TABLE admin_sessions (
            id TEXT PRIMARY KEY NOT NULL,
            expires_at REAL NOT NULL
        );
        CREATE INDEX admin_sessions_expires ON admin_sessions(expires_at);
        """

    /// What each turn cost in US dollars (text tokens, and voice heard and spoken), for the budgets in dollars.
    private static let v6 = """
        ALTER TABLE turns ADD COLUMN cost_usd REAL;
        ALTER TABLE turns ADD COLUMN audio_cost_usd REAL;
        """

    /// Each contact's media of the day, for the daily media quota.
    private static let v7 = """
        CREATE TABLE media_usage (
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            day REAL NOT NULL,
            count INTEGER NOT NULL,
            bytes INTEGER NOT NULL,
            PRIMARY KEY (contact_id, day)
        );
        """

    /// Each contact's photo catalogue: descriptions (with the searchable form every store matches alike) and their
    /// photos, whose files are `media` rows; a photo without an item waits for a description.
    private static let v8 = """
        CREATE TABLE catalogue_items (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            description TEXT NOT NULL,
            search_text TEXT NOT NULL,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        );
        CREATE INDEX catalogue_items_contact ON catalogue_items (contact_id, search_text);
        CREATE TABLE catalogue_photos (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            item_id INTEGER REFERENCES catalogue_items(id) ON DELETE CASCADE,
            media_id TEXT NOT NULL UNIQUE,
            message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
            content_type TEXT NOT NULL,
            created_at REAL NOT NULL,
            waiting_until REAL
        );
        CREATE INDEX catalogue_photos_item ON catalogue_photos (item_id);
        CREATE INDEX catalogue_photos_waiting ON catalogue_photos (contact_id) WHERE item_id IS NULL;
        CREATE INDEX catalogue_photos_message ON catalogue_photos (message_id);
        """

    /// Files kept outside the database (`MEDIA_STORAGE=filesystem|s3`): a row's `location` names the file and its
    /// `bytes` stay empty. Whenever such a row goes (an item or a contact deleted, the retention purge), a trigger
    /// queues its file for deletion in the same transaction, so a bucket that is down delays the deletion but
    /// never loses it.
    private static let v9 = """
        ALTER TABLE media ADD COLUMN location TEXT;
        CREATE TABLE file_deletions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            location TEXT NOT NULL,
            contact_id INTEGER NOT NULL,
            created_at REAL NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL
        );
        CREATE INDEX file_deletions_due ON file_deletions (next_attempt_at);
        CREATE INDEX file_deletions_contact ON file_deletions (contact_id);
        CREATE TRIGGER media_file_deleted AFTER DELETE ON media WHEN OLD.location IS NOT NULL
        BEGIN
            INSERT INTO file_deletions (location, contact_id, created_at, next_attempt_at)
            VALUES (OLD.location, OLD.contact_id, (julianday('now') - 2440587.5) * 86400.0, 0);
        END;
        """

    /// The knowledge base: documents by source, their chunks in order with the words the full-text search matches
    /// and their float16 embedding (with the model that made it); and, per turn, the chunks the model was given.
    private static let v10 = """
        CREATE TABLE knowledge_documents (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            source TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            byte_count INTEGER NOT NULL,
            chunk_count INTEGER NOT NULL,
            added_at REAL NOT NULL,
            updated_at REAL NOT NULL
        );
        CREATE TABLE knowledge_chunks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id INTEGER NOT NULL REFERENCES knowledge_documents(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            heading TEXT NOT NULL,
            text TEXT NOT NULL,
            search_text TEXT NOT NULL,
            tokens INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            embedding_model TEXT,
            embedding BLOB
        );
        CREATE INDEX knowledge_chunks_document ON knowledge_chunks (document_id, ordinal);
        ALTER TABLE turns ADD COLUMN knowledge TEXT;
        """

    // A contact's running summary (the messages through `through_message_id`, folded by the model) and its fold,
    // queued by a turn's completion: due while `fold_through` is past what the summary covers, claimed under a
    // lease with a fencing token like the turn queue's.
    private static let v11 = """
        CREATE TABLE memory_summaries (
            contact_id INTEGER PRIMARY KEY NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            summary TEXT NOT NULL DEFAULT '',
            through_message_id INTEGER NOT NULL DEFAULT 0,
            fold_through INTEGER NOT NULL DEFAULT 0,
            updated_at REAL,
            due_at REAL,
            attempts INTEGER NOT NULL DEFAULT 0,
            lease_owner TEXT,
            lease_token INTEGER NOT NULL DEFAULT 0,
            lease_until REAL
        );
        CREATE INDEX memory_summaries_due ON memory_summaries(due_at) WHERE due_at IS NOT NULL;
        """

    // The journal of calls of tools with a side effect (one row per call of a turn, found again by its
    // fingerprint when the turn runs again) and the calls held for the contact's yes (at most one undecided per
    // contact, decided once by the turn that answers the contact's next message).
    private static let v12 = """
        CREATE TABLE tool_journal (
            fingerprint TEXT PRIMARY KEY NOT NULL,
            idempotency_key TEXT NOT NULL,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            tool TEXT NOT NULL,
            arguments TEXT NOT NULL,
            started_at REAL NOT NULL,
            result TEXT,
            failed INTEGER NOT NULL DEFAULT 0,
            finished_at REAL
        );
        CREATE INDEX tool_journal_contact ON tool_journal(contact_id, started_at);
        CREATE TABLE held_tool_calls (
            fingerprint TEXT PRIMARY KEY NOT NULL,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            turn INTEGER NOT NULL,
            tool TEXT NOT NULL,
            arguments TEXT NOT NULL,
            held_at REAL NOT NULL,
            expires_at REAL NOT NULL,
            decided_by INTEGER,
            released INTEGER NOT NULL DEFAULT 0,
            decided_at REAL
        );
        CREATE INDEX held_tool_calls_contact ON held_tool_calls(contact_id, held_at);
        """

    // The business number each contact last wrote to (Twilio's inbound `To`): replies go out from it. The origin of
    // the last signed webhook: without PUBLIC_URL, the base of links handed out when no request is at hand.
    private static let v13 = """
        ALTER TABLE contacts ADD COLUMN business_address TEXT;
        CREATE TABLE webhook_origin (
            id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
            origin TEXT NOT NULL,
            seen_at REAL NOT NULL
        );
        """
}
