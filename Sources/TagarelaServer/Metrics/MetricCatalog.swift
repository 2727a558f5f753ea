import Prometheus

/// Every metric Tagarela exports, named once: the registry refuses one name with two help texts or two sets
/// of buckets, so each name, help text and bucket list lives here and nowhere else. All names start
/// `tagarela_` (a library exporting e.g. `http_requests_total` into the same registry must not collide).
enum MetricCatalog {
    static let webhooksReceived = Entry("webhooks_received", "total", "Webhook deliveries by channel and outcome.")
    static let turns = Entry("turns", "total", "Recorded turns by status (answered, skipped, failed).")
    static let turnDuration = Entry("turn_duration", "seconds", "Time from claiming a turn to recording its result.")
    static let llmRequests = Entry("llm_requests", "total", "Model requests by provider, each with its own retries.")
    static let llmErrors = Entry("llm_errors", "total", "Model requests a provider gave up on, by provider and kind.")
    static let llmDuration = Entry("llm_request_duration", "seconds", "Time a provider took to answer or give up.")
    static let tokens = Entry("llm_tokens", "total", "Tokens recorded with turns, by model and direction.")
    static let sends = Entry("sends", "total", "Outbound send attempts by channel and outcome.")
    static let queueDepth = Entry("queue_depth", "", "Work waiting in the database, read at scrape time.")
    static let databaseRoundTrips = Entry(
        "database_round_trips", "total",
        "Statements this instance sent to its database (reads and writes asked of the file, for SQLite).")
    static let httpRequests = Entry("http_requests", "total", "HTTP requests by method, route and status.")
    static let httpDuration = Entry("http_request_duration", "seconds", "Time to answer an HTTP request, by route.")
    static let mediaRefused = Entry(
        "media_refused", "total", "Media refused before they were kept or heard, by reason (quota, too_long).")
    static let adminLogins = Entry("admin_logins", "total", "Dashboard password attempts by outcome.")
    static let toolCalls = Entry("tool_calls", "total", "Tool calls recorded with turns, by tool.")
    static let toolErrors = Entry("tool_errors", "total", "Tool calls that answered an error, by tool.")
    static let toolDuration = Entry("tool_call_duration", "seconds", "Time a tool call took, by tool.")
    static let toolJournal = Entry(
        "tool_journal", "total",
        "Side-effect tool calls the journal did not simply run, by outcome (replayed, unknown, held, released, "
            + "cancelled).")
    static let realtimeSessions = Entry(
        "realtime_sessions", "total",
        "Realtime voice sessions by outcome (answered, fell_back) and reason (none, or why it fell back: connect, "
            + "error_event, timeout, closed, invalid_response, audio, held_call, other).")
    static let realtimeDuration = Entry(
        "realtime_session_duration", "seconds", "Time a realtime voice session took, answered or not, by outcome.")

    /// A turn is a model call plus a few writes: from tens of milliseconds to the model's timeout.
    static let turnBuckets: [Duration] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60].map(seconds)
    /// Webhooks answer in milliseconds; anything past a few seconds is a problem worth its own bucket.
    static let httpBuckets: [Duration] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
        .map(seconds)

    /// One metric's name parts and help text. (Prometheus's own descriptor is not `Sendable`, so it cannot be
    /// a stored constant; it is made on use.)
    struct Entry: Sendable {
        let name: String
        let unit: String
        let help: String

        init(_ name: String, _ unit: String, _ help: String) {
            self.name = name
            self.unit = unit
            self.help = help
        }

        var descriptor: MetricNameDescriptor {
            MetricNameDescriptor(namespace: "tagarela", metricName: name, unitName: unit, helpText: help)
        }
    }

    private static func seconds(_ value: Double) -> Duration {
        .nanoseconds(Int64((value * 1e9).rounded()))
    }
}
