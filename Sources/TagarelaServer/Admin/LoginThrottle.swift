import Foundation
import TagarelaChannels
import TagarelaCore

/// Limits password guesses at the dashboard's login, in this instance's memory.
///
/// Per client address (an IPv6 client by its /64, which one host can fill with addresses): a few failures are
/// free, then every failure locks the address out for twice as long as the last. Globally, a token bucket bounds
/// how many passwords are compared per second, whatever the number of addresses: an address that has failed
/// before is refused while the bucket is empty, and an address with no failure on record waits for its turn
/// instead, so a stranger's guesses from elsewhere can slow the real operator's login but never refuse it.
/// An attempt is charged to its address *before* the password is compared, so parallel requests cannot get
/// more guesses than the limit by all being in flight at once.
/// (OWASP Authentication Cheat Sheet, "Protect Against Automated Attacks":
/// https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#protect-against-automated-attacks)
actor LoginThrottle {
    /// What the throttle decided about one login attempt.
    enum Admission: Equatable, Sendable {
        /// Compare the password now; the attempt is already counted as a failure until ``succeeded(_:)``.
        case go
        /// Too many failures from this address (`global` false) or from everywhere (`global` true).
        case throttled(retryAfter: Duration, global: Bool)
    }

    private struct Record {
        /// Failures since the address last logged in, forgotten after ``Policy/forgetAfter`` without one.
        var failures = 0
        var lastFailure: Date
        var lockedUntil: Date?
    }

    let policy: Policy
    private let timeSource: any TimeSource
    private var records: [String: Record] = [:]
    private var tokens: Double
    private var tokensUpdated: Date

    init(policy: Policy = .standard, timeSource: any TimeSource) {
        self.policy = policy
        self.timeSource = timeSource
        tokens = Double(policy.globalBurst)
        tokensUpdated = timeSource.now()
    }

    /// Decides about an attempt from `client` (a ``key(_:)``); may wait for a global slot, on the time source.
    func admit(_ client: String) async throws -> Admission {
        if let wait = lockout(client, now: timeSource.now()) { return .throttled(retryAfter: wait, global: false) }
        let now = timeSource.now()
        refill(now: now)
        if tokens < 1 && hasFailures(client, now: now) {
            return .throttled(retryAfter: .interval((1 - tokens) / policy.globalPerSecond), global: true)
        }
        // Taken now even when it must be waited for: later attempts queue behind it.
        tokens -= 1
        if tokens < 0 {
            try await timeSource.sleep(until: now.addingTimeInterval(-tokens / policy.globalPerSecond))
        }
        return charge(client, now: timeSource.now())
    }

    /// The password was right: the address's failures are forgotten, this attempt's charge included.
    func succeeded(_ client: String) {
        records[client] = nil
    }

    /// The password was wrong: it costs its sender ``Policy/failureDelay`` before the answer. Only a cost: what
    /// limits guessing is the charge ``admit(_:)`` made before the comparison, which no parallel request escapes.
    func failed() async throws {
        try await timeSource.sleep(for: policy.failureDelay)
    }

    /// The key an address is counted under: an IPv4 address, an IPv6 /64, or `unknown` without an IP peer.
    nonisolated static func key(_ address: IPAddress?) -> String {
        guard let address else { return "unknown" }
        if address.isIPv4 { return address.description }
        return "\(IPAddress(masking: address, to: 64))/64"
    }

    private func hasFailures(_ client: String, now: Date) -> Bool {
        guard let record = records[client] else { return false }
        return now.timeIntervalSince(record.lastFailure) <= policy.forgetAfter.timeInterval
    }

    /// How long `client` is still locked out, if it is.
    private func lockout(_ client: String, now: Date) -> Duration? {
        guard let until = records[client]?.lockedUntil, until > now else { return nil }
        return .interval(until.timeIntervalSince(now))
    }

    /// Counts the attempt as a failure up front; the last free failure and every later one lock the address.
    private func charge(_ client: String, now: Date) -> Admission {
        // Checked again: a parallel attempt may have locked the address while this one waited.
        if let wait = lockout(client, now: now) { return .throttled(retryAfter: wait, global: false) }
        var record = records[client] ?? Record(lastFailure: now)
        if now.timeIntervalSince(record.lastFailure) > policy.forgetAfter.timeInterval { record.failures = 0 }
        record.failures += 1
        record.lastFailure = now
        let beyond = record.failures - policy.freeFailures
        if beyond >= 0 {
            let lockout = policy.firstLockout.timeInterval * pow(2, Double(min(beyond, 30)))
            record.lockedUntil = now.addingTimeInterval(min(lockout, policy.maxLockout.timeInterval))
        }
        records[client] = record
        if records.count > policy.maxTrackedAddresses { forgetOldest(now: now) }
        return .go
    }

    private func refill(now: Date) {
        let elapsed = max(0, now.timeIntervalSince(tokensUpdated))
        tokens = min(Double(policy.globalBurst), tokens + elapsed * policy.globalPerSecond)
        tokensUpdated = now
    }

    /// Keeps the table bounded against a botnet of addresses: the addresses not locked now, oldest failure
    /// first, make room.
    private func forgetOldest(now: Date) {
        let excess = records.count - policy.maxTrackedAddresses * 9 / 10
        let oldest = records.sorted { lhs, rhs in
            let lhsLocked = (lhs.value.lockedUntil ?? .distantPast) > now
            let rhsLocked = (rhs.value.lockedUntil ?? .distantPast) > now
            if lhsLocked != rhsLocked { return !lhsLocked }
            return lhs.value.lastFailure < rhs.value.lastFailure
        }
        for (client, _) in oldest.prefix(excess) { records[client] = nil }
    }
}
