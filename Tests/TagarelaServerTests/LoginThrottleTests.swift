import Foundation
import TagarelaChannels
import TagarelaFakes
import Testing

@testable import TagarelaServer

@Suite("The login throttle", .timeLimit(.minutes(3)))
struct LoginThrottleTests {
    static let locked = LoginThrottle.Admission.throttled(retryAfter: .seconds(60), global: false)

    /// Admits `count` attempts from `client` and reports each as a failure (without the delay).
    static func fail(_ throttle: LoginThrottle, _ client: String, times count: Int) async throws {
        for attempt in 1...count {
            #expect(try await throttle.admit(client) == .go, "attempt \(attempt)")
        }
    }

    @Test func fiveFailuresThenAnExponentialLockoutOfThatAddressOnly() async throws {
        let time = ManualTimeSource()
        let throttle = LoginThrottle(timeSource: time)
        try await Self.fail(throttle, "198.51.100.1", times: 5)
        #expect(try await throttle.admit("198.51.100.1") == Self.locked)
        time.advance(by: .seconds(45))
        #expect(try await throttle.admit("198.51.100.1") == .throttled(retryAfter: .seconds(15), global: false))
        // Another address is not touched.
        #expect(try await throttle.admit("198.51.100.2") == .go)
        await throttle.succeeded("198.51.100.2")

        time.advance(by: .seconds(15))
        // Each failure after the lockout locks for twice as long as the last.
        #expect(try await throttle.admit("198.51.100.1") == .go)
        #expect(try await throttle.admit("198.51.100.1") == .throttled(retryAfter: .seconds(120), global: false))
        time.advance(by: .seconds(120))
        #expect(try await throttle.admit("198.51.100.1") == .go)
        #expect(try await throttle.admit("198.51.100.1") == .throttled(retryAfter: .seconds(240), global: false))
        // The right password (once allowed) forgets them all.
        time.advance(by: .seconds(240))
        #expect(try await throttle.admit("198.51.100.1") == .go)
        await throttle.succeeded("198.51.100.1")
        try await Self.fail(throttle, "198.51.100.1", times: 5)
        #expect(try await throttle.admit("198.51.100.1") == Self.locked)
    }

    @Test func lockoutsStopGrowingAtAnHourAndFailuresAreForgottenAfterADay() async throws {
        let time = ManualTimeSource()
        let throttle = LoginThrottle(timeSource: time)
        try await Self.fail(throttle, "a", times: 5)
        for minutes in [1, 2, 4, 8, 16, 32, 60, 60] {
            #expect(
                try await throttle.admit("a") == .throttled(retryAfter: .seconds(60 * minutes), global: false))
            time.advance(by: .seconds(60 * minutes))
            #expect(try await throttle.admit("a") == .go)
        }
        time.advance(by: .seconds(86_400 + 1))
        try await Self.fail(throttle, "a", times: 5)
        #expect(try await throttle.admit("a") == Self.locked)
    }

    @Test func parallelAttemptsGetNoMoreThanTheLimit() async throws {
        let throttle = LoginThrottle(timeSource: ManualTimeSource())
        let admissions = try await withThrowingTaskGroup(of: LoginThrottle.Admission.self) { group in
            for _ in 0..<10 { group.addTask { try await throttle.admit("198.51.100.1") } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        // Each was charged before its password was compared: ten at once still buy five comparisons.
        #expect(admissions.filter { $0 == .go }.count == 5)
        #expect(admissions.filter { $0 == Self.locked }.count == 5)
    }

    @Test func theGlobalBucketRefusesRepeatOffendersAndOnlyDelaysNewcomers() async throws {
        let time = ManualTimeSource()
        var policy = LoginThrottle.Policy.standard
        policy.globalBurst = 3
        let throttle = LoginThrottle(policy: policy, timeSource: time)
        // A botnet: one guess from each address empties the bucket.
        for bot in 1...3 { #expect(try await throttle.admit("203.0.113.\(bot)") == .go) }
        // An address with a failure on record is refused until a token comes back…
        #expect(try await throttle.admit("203.0.113.1") == .throttled(retryAfter: .seconds(1), global: true))
        // …while the operator's address, with no failure on record, is never refused: it waits for its slot.
        let admin = Task { try await throttle.admit("192.0.2.10") }
        try await waitUntil("the operator's attempt waits for a slot") { time.sleeperCount == 1 }
        // A guess behind it waits for the slot after, and repeat offenders still wait their turn.
        #expect(try await throttle.admit("203.0.113.2") == .throttled(retryAfter: .seconds(2), global: true))
        time.advance(by: .seconds(1))
        #expect(try await admin.value == .go)
        await throttle.succeeded("192.0.2.10")
        time.advance(by: .seconds(5))
        #expect(try await throttle.admit("203.0.113.2") == .go)
    }

    @Test func anIPv6ClientIsCountedByItsSlash64() {
        #expect(LoginThrottle.key(IPAddress("2001:db8:1:2:aaaa::1")) == "2001:db8:1:2::/64")
        #expect(LoginThrottle.key(IPAddress("2001:db8:1:2:bbbb::9")) == "2001:db8:1:2::/64")
        #expect(LoginThrottle.key(IPAddress("192.0.2.1")) == "192.0.2.1")
        #expect(LoginThrottle.key(nil) == "unknown")
    }
}
