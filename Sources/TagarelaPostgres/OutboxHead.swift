import PostgresNIO

/// A contact's oldest unsent message, as the outbox claim reads it once the contact is locked.
struct OutboxHead {
    var id: Int64
    var contactID: Int64
    var status: String
    var channel: String
    var replyAddress: String
    /// The business address the contact last wrote to: the message goes out from it.
    var businessAddress: String?
    var text: String
    var attempts: Int
    var token: Int64
    var nextAttemptAt: Double?
    var leaseUntil: Double?
    var startedAt: Double?
    var optedOut: Bool
    var lastInboundAt: Double?
    var kind: String
    var media: String?

    init(row: PostgresRow) throws {
        let row = row.makeRandomAccess()
        id = try row["id"].decode(Int64.self)
        contactID = try row["contact_id"].decode(Int64.self)
        status = try row["status"].decode(String.self)
        channel = try row["channel"].decode(String.self)
        replyAddress = try row["reply_address"].decode(String?.self) ?? ""
        businessAddress = try row["business_address"].decode(String?.self)
        text = try row["text"].decode(String?.self) ?? ""
        attempts = try row["attempts"].decode(Int.self)
        token = try row["send_token"].decode(Int64.self)
        nextAttemptAt = try row["next_attempt_at"].decode(Double?.self)
        leaseUntil = try row["send_lease_until"].decode(Double?.self)
        startedAt = try row["send_started_at"].decode(Double?.self)
        optedOut = try row["opted_out"].decode(Bool.self)
        lastInboundAt = try row["last_inbound_at"].decode(Double?.self)
        kind = try row["kind"].decode(String.self)
        media = try row["media"].decode(String?.self)
    }

    /// A send whose worker died mid-flight: the provider may already have it.
    var recovering: Bool { status == "sending" }

    /// Due to be sent, or an interrupted send whose lease ran out, on one of `channels`.
    func isReady(at now: Double, channels: [String]) -> Bool {
        guard channels.contains(channel) else { return false }
        let due = recovering ? leaseUntil : nextAttemptAt
        return due.map { $0 <= now } ?? false
    }

    /// The SQLite store's order: interrupted sends by id, then due messages by due time and id.
    static func precedes(_ lhs: OutboxHead, _ rhs: OutboxHead) -> Bool {
        if lhs.recovering != rhs.recovering { return lhs.recovering }
        if !lhs.recovering, lhs.nextAttemptAt != rhs.nextAttemptAt {
            return (lhs.nextAttemptAt ?? 0) < (rhs.nextAttemptAt ?? 0)
        }
        return lhs.id < rhs.id
    }
}
