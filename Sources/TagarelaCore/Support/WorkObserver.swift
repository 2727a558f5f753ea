/// Told what the workers and the model did, for operators' metrics. The core names events, not metrics: the
/// server turns them into Prometheus series, so the core needs no metrics library and its tests can record
/// events with a plain fake. Every method has a do-nothing default; calls must return quickly (no I/O).
public protocol WorkObserver: Sendable {
    /// A turn was recorded: `record` says how it went; `duration` runs from the claim to the recorded result.
    func turnRecorded(_ record: TurnRecord, duration: Duration)
    /// A send attempt ended with `result` (what the outbox records for it).
    func sendFinished(channel: ChannelKind, result: SendRecord)
    /// One provider answered a model request (`error` nil) or gave up on it after its own retries.
    func modelCalled(provider: String, duration: Duration, error: (any Error)?)
    /// A turn's `SLOW_REPLY_NOTICE_SECONDS` came before its answer: `queued` is false when the notice had already
    /// been given for the same messages (an earlier attempt at the turn) or could not be written.
    func slowNoticeDue(queued: Bool)
}

extension WorkObserver {
    public func turnRecorded(_ record: TurnRecord, duration: Duration) {}
    public func sendFinished(channel: ChannelKind, result: SendRecord) {}
    public func modelCalled(provider: String, duration: Duration, error: (any Error)?) {}
    public func slowNoticeDue(queued: Bool) {}
}

/// Observes nothing: the default where no one collects metrics (the terminal chat, core tests).
public struct NoWorkObserver: WorkObserver {
    public init() {}
}
