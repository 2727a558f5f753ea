import Foundation

/// Where every channel hands its inbound messages: stored durably first, then the turn worker is woken.
public struct Inbox: Sendable {
    let store: any IntakeStore
    let schedule: TurnSchedule
    let timeSource: any TimeSource
    let signal: WorkSignal
    /// A message the contact sent longer ago than this (by the provider's timestamp) is stored and shown but
    /// not answered: after an outage Meta redelivers for days, and a reply out of context would confuse.
    let maxMessageAge: Duration?

    public init(
        store: any IntakeStore, schedule: TurnSchedule, timeSource: any TimeSource, signal: WorkSignal,
        maxMessageAge: Duration? = nil
    ) {
        self.store = store
        self.schedule = schedule
        self.timeSource = timeSource
        self.signal = signal
        self.maxMessageAge = maxMessageAge
    }

    /// Whether the message is too old to answer.
    public func isStale(_ message: InboundMessage, now: Date) -> Bool {
        guard let maxMessageAge, let sentAt = message.sentAt else { return false }
        return now.timeIntervalSince(sentAt) > maxMessageAge.timeInterval
    }

    /// Stores the message (once per provider id) and wakes the worker. When this returns, the message is safe.
    @discardableResult
    public func receive(_ message: InboundMessage) async throws -> IngestResult {
        let now = timeSource.now()
        var message = message
        if isStale(message, now: now) { message.expectsReply = false }
        let result = try await store.ingest(message, at: now, schedule: schedule)
        if case .stored = result, message.expectsReply {
            signal.signal(dueAt: now.addingTimeInterval(schedule.debounce.timeInterval))
        }
        return result
    }
}
