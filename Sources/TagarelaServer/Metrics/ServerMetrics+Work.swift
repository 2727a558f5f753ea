import Prometheus
import Synchronization
import TagarelaCore

/// The workers' and providers' events as Prometheus series.
extension ServerMetrics: WorkObserver {
    public func turnRecorded(_ record: TurnRecord, duration: Duration) {
        turnDuration.record(duration)
        count(MetricCatalog.turns, [("status", record.status.rawValue)])
        for voice in record.voice {
            if let reason = voice.refused { count(MetricCatalog.mediaRefused, [("reason", reason)]) }
            if let realtime = voice.realtime { realtimeSession(realtime, milliseconds: voice.milliseconds) }
        }
        // A name the model made up is no tool: it would make a new series for each invention.
        for call in record.toolCalls where call.error != ToolRegistry.unknownTool {
            count(MetricCatalog.toolCalls, [("tool", call.name)])
            if call.error != nil { count(MetricCatalog.toolErrors, [("tool", call.name)]) }
            self.record(
                .milliseconds(call.milliseconds), MetricCatalog.toolDuration, [("tool", call.name)],
                buckets: MetricCatalog.turnBuckets)
        }
        for call in record.toolCalls {
            if let note = call.journal { count(MetricCatalog.toolJournal, [("outcome", note.rawValue)]) }
        }
        guard let model = record.model else { return }
        for (direction, tokens) in [("input", record.usage.inputTokens), ("output", record.usage.outputTokens)]
        where tokens > 0 {
            count(MetricCatalog.tokens, [("model", model), ("direction", direction)], by: Int64(tokens))
        }
    }

    /// This instance's realtime voice sessions so far, by outcome (`answered` or a fallback's reason).
    func realtimeTally() -> [String: Int] {
        realtimeOutcomes.withLock { $0 }
    }

    /// One realtime voice session: `answered`, or the reason the turn fell back to the classic pipeline.
    private func realtimeSession(_ outcome: String, milliseconds: Int) {
        realtimeOutcomes.withLock { $0[outcome, default: 0] += 1 }
        let answered = outcome == "answered"
        // One set of label names for every series of a name (the registry refuses mixed ones).
        count(
            MetricCatalog.realtimeSessions,
            [("outcome", answered ? "answered" : "fell_back"), ("reason", answered ? "none" : outcome)])
        record(
            .milliseconds(milliseconds), MetricCatalog.realtimeDuration,
            [("outcome", answered ? "answered" : "fell_back")], buckets: MetricCatalog.turnBuckets)
    }

    public func sendFinished(channel: ChannelKind, result: SendRecord) {
        count(MetricCatalog.sends, [("channel", channel.rawValue), ("outcome", Self.outcome(of: result))])
    }

    public func modelCalled(provider: String, duration: Duration, error: (any Error)?) {
        // A cancelled request (shutdown, a lost lease) says nothing about the provider.
        if error is CancellationError { return }
        count(MetricCatalog.llmRequests, [("provider", provider)])
        record(duration, MetricCatalog.llmDuration, [("provider", provider)], buckets: MetricCatalog.turnBuckets)
        if let error {
            count(MetricCatalog.llmErrors, [("provider", provider), ("kind", Self.kind(of: error))])
        }
    }

    /// The `outcome` label of a send: `sent`, `failed`, `retry`, `recheck` (outcome unknown, to be looked up)
    /// or `unknown` (given up on without knowing).
    static func outcome(of result: SendRecord) -> String {
        switch result {
        case .sent: "sent"
        case .failed: "failed"
        case .retry: "retry"
        case .recheck: "recheck"
        case .unknown: "unknown"
        }
    }

    /// The `kind` label of a model error: a few fixed words, never a message (messages vary without end).
    static func kind(of error: any Error) -> String {
        guard let error = error as? LLMError else { return "other" }
        switch error {
        case .http(let status, _, _) where status == 429: return "rate_limited"
        case .http(let status, _, _) where status >= 500: return "http_5xx"
        case .http: return "http_4xx"
        case .quotaExhausted: return "quota_exhausted"
        case .timeout: return "timeout"
        case .transport: return "transport"
        case .invalidResponse: return "invalid_response"
        }
    }
}
