import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

@Suite("WorkSignal and LocalChannel")
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
        while clock.sleeperCount == 0 { try await Task.sleep(for: .milliseconds(1)) }
        signal.signal()
        await woken
        async let timedOut: Void = signal.wait(timeout: .seconds(5), timeSource: clock)
        while clock.sleeperCount == 0 { try await Task.sleep(for: .milliseconds(1)) }
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
