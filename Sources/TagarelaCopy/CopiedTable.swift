import Foundation
import GRDB
import PostgresNIO

/// One table the copy moves, its columns in the order both schemas declare them, and how each is read.
struct CopiedTable: Sendable {
    /// How a SQLite value becomes a PostgreSQL one.
    enum Kind: Sendable {
        case integer
        case real
        case text
        /// SQLite's 0/1 INTEGER, PostgreSQL's BOOLEAN.
        case boolean
        /// SQLite's BLOB, PostgreSQL's BYTEA (files kept in the database).
        case bytes
    }

    /// A column and the SQLite expression that reads it (the column itself unless the queue state changes).
    struct Column: Sendable {
        var name: String
        var kind: Kind
        var source: String
        /// The migration that added the column, and what a file from before it reads instead.
        var addedBy: (migration: String, fallback: String)?

        init(_ name: String, _ kind: Kind, source: String? = nil, addedBy: (String, fallback: String)? = nil) {
            self.name = name
            self.kind = kind
            self.source = source ?? name
            self.addedBy = addedBy.map { (migration: $0.0, fallback: $0.fallback) }
        }
    }

    var name: String
    var columns: [Column]
    /// Whether `id` is a BIGSERIAL whose sequence must move past the copied ids.
    var hasSerialID: Bool
    /// The migration that created the table; a file from before it has nothing to copy there.
    var addedBy: String?

    /// The tables in dependency order: a row's references are copied before it. Not copied: `admin_secret` and
    /// `admin_sessions` (a new secret only logs everyone out of the dashboard), and PostgreSQL's `instances` (the
    /// heartbeats of running servers).
    /// `now` is when the copy runs: a contact whose turn was running is due again from then.
    static func all(now: Date) -> [CopiedTable] {
        let now = now.timeIntervalSince1970
        let v2 = "v2-media-and-window"
        let v3 = "v3-tools"
        let v6 = "v6-turn-costs"
        let v7 = "v7-media-usage"
        let v8 = "v8-catalogue"
        let v9 = "v9-file-locations"
        return [
            CopiedTable(
                name: "contacts",
                columns: [
                    Column("id", .integer), Column("phone", .text), Column("user_id", .text),
                    Column("local_id", .text), Column("profile_name", .text), Column("reply_channel", .text),
                    Column("reply_address", .text), Column("first_seen_at", .real), Column("last_seen_at", .real),
                    Column("inbound_count", .integer), Column("outbound_count", .integer),
                    Column("opted_out", .boolean), Column("rate_notice_until", .real), Column("pending_since", .real),
                    Column("pending_last", .real),
                    // The old installation's workers are gone: a turn they held is handed out again at once,
                    // and its messages go to the new claim (the lease token is kept, so the claim fences it).
                    Column(
                        "turn_due_at", .real,
                        source: "CASE WHEN lease_owner IS NULL THEN turn_due_at "
                            + "ELSE MIN(COALESCE(turn_due_at, \(now)), \(now)) END"),
                    Column("lease_owner", .text, source: "NULL"), Column("lease_token", .integer),
                    Column("lease_until", .real, source: "NULL"),
                    Column("last_inbound_at", .real, addedBy: (v2, fallback: "last_seen_at")),
                    Column("budget_notice_until", .real, addedBy: (v2, fallback: "NULL")),
                    Column("handoff_at", .real, addedBy: (v3, fallback: "NULL")),
                    Column("handoff_reason", .text, addedBy: (v3, fallback: "NULL")),
                    Column("memory_from", .integer, addedBy: (v3, fallback: "0")),
                    Column("reply_mode", .text, addedBy: (v3, fallback: "NULL")),
                ],
                hasSerialID: true),
            CopiedTable(
                name: "contact_identities", columns: [Column("key", .text), Column("contact_id", .integer)],
                hasSerialID: false),
            CopiedTable(
                name: "turns",
                columns: [
                    Column("id", .integer), Column("contact_id", .integer), Column("owner", .text),
                    Column("lease_token", .integer), Column("started_at", .real), Column("finished_at", .real),
                    Column("status", .text), Column("provider", .text), Column("model", .text),
                    Column("input_tokens", .integer), Column("output_tokens", .integer), Column("latency_ms", .real),
                    Column("note", .text), Column("tool_calls", .text, addedBy: (v3, fallback: "NULL")),
                    Column("voice", .text, addedBy: (v3, fallback: "NULL")),
                    Column("cost_usd", .real, addedBy: (v6, fallback: "NULL")),
                    Column("audio_cost_usd", .real, addedBy: (v6, fallback: "NULL")),
                ],
                hasSerialID: true),
            CopiedTable(
                name: "messages",
                columns: [
                    Column("id", .integer), Column("contact_id", .integer), Column("direction", .text),
                    Column("channel", .text), Column("provider_message_id", .text), Column("kind", .text),
                    Column("text", .text), Column("created_at", .real), Column("status", .text),
                    Column("error_code", .text), Column("status_at", .real), Column("turn_id", .integer),
                    Column("reply_address", .text), Column("attempts", .integer), Column("next_attempt_at", .real),
                    // Unsent replies stay pending or sending, unowned: the new workers claim or recover them
                    // when their due time or send lease comes, and the kept token fences the old attempt.
                    Column("send_owner", .text, source: "NULL"), Column("send_token", .integer),
                    Column("send_lease_until", .real), Column("send_started_at", .real),
                    Column("media", .text, addedBy: (v2, fallback: "NULL")),
                    Column("sent_at", .real, addedBy: (v2, fallback: "NULL")),
                    Column("error_detail", .text, addedBy: (v2, fallback: "NULL")),
                ],
                hasSerialID: true),
            CopiedTable(
                name: "facts",
                columns: [
                    Column("id", .integer), Column("contact_id", .integer), Column("text", .text),
                    Column("created_at", .real),
                ],
                hasSerialID: true, addedBy: v3),
            CopiedTable(
                name: "provider_conversations",
                columns: [
                    Column("contact_id", .integer), Column("provider", .text), Column("conversation_id", .text),
                    Column("created_at", .real), Column("input_tokens", .integer), Column("pending_calls", .text),
                    Column("seen_through", .integer),
                ],
                hasSerialID: false, addedBy: v3),
            CopiedTable(
                name: "media_usage",
                columns: [
                    Column("contact_id", .integer), Column("day", .real), Column("count", .integer),
                    Column("bytes", .integer),
                ],
                hasSerialID: false, addedBy: v7),
            // Kept files: voice notes and the catalogue's photos.
            CopiedTable(
                name: "media",
                columns: [
                    Column("id", .text), Column("contact_id", .integer), Column("content_type", .text),
                    Column("bytes", .bytes), Column("created_at", .real), Column("expires_at", .real),
                    Column("is_public", .boolean), Column("location", .text, addedBy: (v9, fallback: "NULL")),
                ],
                hasSerialID: false, addedBy: v3),
            CopiedTable(
                name: "catalogue_items",
                columns: [
                    Column("id", .integer), Column("contact_id", .integer), Column("description", .text),
                    Column("search_text", .text), Column("created_at", .real), Column("updated_at", .real),
                ],
                hasSerialID: true, addedBy: v8),
            CopiedTable(
                name: "catalogue_photos",
                columns: [
                    Column("id", .integer), Column("contact_id", .integer), Column("item_id", .integer),
                    Column("media_id", .text), Column("message_id", .integer), Column("content_type", .text),
                    Column("created_at", .real), Column("waiting_until", .real),
                ],
                hasSerialID: true, addedBy: v8),
            // Files outside the database still to delete (their rows are gone): the new installation finishes it.
            CopiedTable(
                name: "file_deletions",
                columns: [
                    Column("id", .integer), Column("location", .text), Column("contact_id", .integer),
                    Column("created_at", .real), Column("attempts", .integer), Column("next_attempt_at", .real),
                ],
                hasSerialID: true, addedBy: v9),
        ]
    }
}

/// One column value on its way from SQLite to PostgreSQL, already in the PostgreSQL column's type.
enum CopyValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case boolean(Bool)
    case bytes([UInt8])

    /// Reads a SQLite value as `kind`; nil when SQLite holds something that kind cannot take.
    init?(_ value: DatabaseValue, as kind: CopiedTable.Kind) {
        switch (value.storage, kind) {
        case (.null, _): self = .null
        case (.int64(let number), .integer): self = .integer(number)
        // REAL columns may hand back whole numbers as integers, and the reverse: both are exact here.
        case (.double(let number), .integer):
            guard let exact = Int64(exactly: number) else { return nil }
            self = .integer(exact)
        case (.double(let number), .real): self = .real(number)
        case (.int64(let number), .real): self = .real(Double(number))
        case (.string(let string), .text): self = .text(string)
        case (.int64(let number), .boolean): self = .boolean(number != 0)
        case (.blob(let data), .bytes): self = .bytes(Array(data))
        default: return nil
        }
    }

    /// Appends the value as the next bind parameter; a NULL takes the target column's type.
    func bind(into bindings: inout PostgresBindings) {
        switch self {
        case .null: bindings.appendNull()
        case .integer(let number): bindings.append(number)
        case .real(let number): bindings.append(number)
        case .text(let string): bindings.append(string)
        case .boolean(let flag): bindings.append(flag)
        case .bytes(let bytes): bindings.append(ByteBuffer(bytes: bytes))
        }
    }
}
