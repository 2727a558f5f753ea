import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

@Suite("WorkSignal and LocalChannel", .timeLimit(.minutes(3)))
struct WorkSignalTests {
    @Test func aSignalSentBeforeTheWaitIsNotLost() async {
        let signal = WorkSignal()
        let clock = ManualTimeSource()
        signal.signal()
        // Returns at once although the clock never moves.
        await signal.wait(timeout: .seconds(3600), timeSource: clock)
    }

    @Test func waitEndsOnSignalOrTimeout() async throws {
        let signal = WorkSignal()
        let clock = ManualTimeSource()
        async let woken: Void = signal.wait(timeout: .seconds(3600), timeSource: clock)
        try await waitUntil { signal.waiterCount == 1 }
        signal.signal()
        await woken
        async let timedOut: Void = signal.wait(timeout: .seconds(5), timeSource: clock)
        try await waitUntil { signal.waiterCount == 1 }
        clock.advance(by: .seconds(5))
        await timedOut
    }

    @Test func localRepliesReachTheListenerOrWait() async throws {
        let channel = LocalChannel()
        let envelope = OutboundEnvelope(messageID: 1, contactID: 1, to: LocalChannel.address(of: "ana"), text: "Olá")
        guard case .retryable = await channel.send(envelope) else {
            Issue.record("a reply with nobody listening must wait, not vanish")
            return
        }
        let replies = channel.listen(as: "ana")
        guard case .accepted = await channel.send(envelope) else {
            Issue.record("the listener did not get the reply")
            return
        }
        var iterator = replies.makeAsyncIterator()
        #expect(await iterator.next() == "Olá")
    }
}

@Suite("WorkSignal with due times", .timeLimit(.minutes(3)))
struct WorkSignalDueTests {
    @Test func workDueAfterTheWaitersDeadlineDoesNotWakeIt() async throws {
        let signal = WorkSignal()
        let clock = ManualTimeSource()
        async let waited: Void = signal.wait(timeout: .seconds(2), timeSource: clock)
        try await waitUntil { signal.waiterCount == 1 }
        // Due in 5 s: the waiter wakes in 2 s anyway and will see it then.
        signal.signal(dueAt: clock.now().addingTimeInterval(5))
        #expect(signal.waiterCount == 1)
        // Due in 1 s: sooner than the waiter's own deadline, so it wakes to reschedule.
        signal.signal(dueAt: clock.now().addingTimeInterval(1))
        await waited
    }
}
