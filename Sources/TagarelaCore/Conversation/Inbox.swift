import Foundation

/// Where every channel hands its inbound messages: stored durably first, then the turn worker is woken.
public struct Inbox: Sendable {
    let store: any ConversationStore
    let schedule: TurnSchedule
    let timeSource: any TimeSource
    let signal: WorkSignal

    public init(store: any ConversationStore, schedule: TurnSchedule, timeSource: any TimeSource, signal: WorkSignal) {
        self.store = store
        self.schedule = schedule
        self.timeSource = timeSource
        self.signal = signal
    }

    /// Stores the message (once per provider id) and wakes the worker. When this returns, the message is safe.
    @discardableResult
    public func receive(_ message: InboundMessage) async throws -> IngestResult {
        let now = timeSource.now()
        let result = try await store.ingest(message, at: now, schedule: schedule)
        if case .stored = result { signal.signal(dueAt: now.addingTimeInterval(schedule.debounce.timeInterval)) }
        return result
    }
}
