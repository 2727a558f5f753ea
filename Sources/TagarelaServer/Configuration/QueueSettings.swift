import TagarelaCore

/// How inbound messages are gathered into turns, how many turns run at once, and how replies go out.
public struct QueueSettings: Sendable, Equatable {
    /// `DEBOUNCE_MS`: a turn starts after the contact has been quiet this long...
    public var debounce: Duration
    /// `DEBOUNCE_MAX_WAIT_MS`: ...or once the first waiting message is this old, whichever comes first.
    public var debounceMaxWait: Duration
    /// `MAX_CONCURRENT_TURNS`, across all contacts; one contact never has two at once.
    public var maxConcurrentTurns: Int
    /// `TURN_LEASE_SECONDS`: a turn claimed by a worker that stops renewing is retried after this.
    public var turnLease: Duration
    /// `OUTBOX_MAX_ATTEMPTS`, sending one reply, the first included.
    public var outboxMaxAttempts: Int
    /// How long a send may stay in flight before another worker looks it up at the provider.
    public var outboxLease: Duration
    /// `OUTBOX_CONCURRENCY`, replies being sent at once.
    public var outboxConcurrency: Int
    /// `HTTP_MAX_CONNECTIONS_PER_HOST`, for the shared HTTP client.
    public var httpMaxConnectionsPerHost: Int
    /// `MAX_MESSAGE_AGE_SECONDS`: a message sent longer ago than this (by the provider's timestamp; Meta
    /// redelivers for days after an outage) is stored and shown but not answered; nil (0) answers everything.
    public var maxMessageAge: Duration?
    /// `REPLY_DEADLINE_SECONDS` and `SLOW_REPLY_NOTICE_SECONDS`: how long a turn may take from its claim, and when
    /// the contact is told to wait; each 0 (off) is nil.
    public var replyTiming: ReplyTiming = .off
}

extension QueueSettings {
    /// Reads the queue variables; `DEBOUNCE_MAX_WAIT_MS` may not be shorter than `DEBOUNCE_MS`.
    init(_ reader: EnvironmentReader) throws(ConfigurationError) {
        let debounce = try reader.int("DEBOUNCE_MS", default: 1500, in: 0...600_000)
        let maxWait = try reader.int("DEBOUNCE_MAX_WAIT_MS", default: max(6000, debounce), in: 0...3_600_000)
        guard maxWait >= debounce else {
            throw ConfigurationError(
                setting: "DEBOUNCE_MAX_WAIT_MS",
                message: "DEBOUNCE_MAX_WAIT_MS must be at least DEBOUNCE_MS (\(debounce)) (got \"\(maxWait)\")")
        }
        let maxMessageAge = try reader.int("MAX_MESSAGE_AGE_SECONDS", default: 3600, in: 0...30 * 86_400)
        let deadline = try reader.int("REPLY_DEADLINE_SECONDS", default: 60, in: 0...86_400)
        let notice = try reader.int("SLOW_REPLY_NOTICE_SECONDS", default: 0, in: 0...86_400)
        // A notice due with or after the fallback would only arrive beside it.
        guard deadline == 0 || notice < deadline else {
            throw ConfigurationError(
                setting: "SLOW_REPLY_NOTICE_SECONDS",
                message:
                    "SLOW_REPLY_NOTICE_SECONDS must be shorter than REPLY_DEADLINE_SECONDS (\(deadline)) (got \"\(notice)\")"
            )
        }
        self.init(
            debounce: .milliseconds(debounce),
            debounceMaxWait: .milliseconds(maxWait),
            maxConcurrentTurns: try reader.int("MAX_CONCURRENT_TURNS", default: 16, in: 1...10_000),
            turnLease: try reader.seconds("TURN_LEASE_SECONDS", default: 60, in: 5...86_400),
            outboxMaxAttempts: try reader.int("OUTBOX_MAX_ATTEMPTS", default: 6, in: 1...100),
            outboxLease: try reader.seconds("OUTBOX_LEASE_SECONDS", default: 60, in: 5...86_400),
            outboxConcurrency: try reader.int("OUTBOX_CONCURRENCY", default: 16, in: 1...10_000),
            httpMaxConnectionsPerHost: try reader.int("HTTP_MAX_CONNECTIONS_PER_HOST", default: 16, in: 1...10_000),
            maxMessageAge: maxMessageAge == 0 ? nil : .seconds(maxMessageAge),
            replyTiming: ReplyTiming(
                deadline: deadline == 0 ? nil : .seconds(deadline), slowNotice: notice == 0 ? nil : .seconds(notice))
        )
    }
}
