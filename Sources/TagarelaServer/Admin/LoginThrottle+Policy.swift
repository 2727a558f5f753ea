import Foundation

extension LoginThrottle {
    /// The throttle's limits.
    struct Policy: Sendable {
        /// Failures an address may make before it is locked out.
        var freeFailures = 5
        /// The lockout after the last free failure; each failure after it doubles the lockout.
        var firstLockout: Duration = .seconds(60)
        var maxLockout: Duration = .seconds(3600)
        /// An address's failures are forgotten after this long without one (or at once when it logs in).
        var forgetAfter: Duration = .seconds(86_400)
        /// Passwords compared at once before the global rate applies.
        var globalBurst = 10
        /// Passwords compared per second, all addresses together, past the burst.
        var globalPerSecond = 1.0
        /// What a wrong password costs its sender before the answer.
        var failureDelay: Duration = .seconds(1)
        /// Addresses remembered at most (a few hundred bytes each).
        var maxTrackedAddresses = 10_000

        /// Five failures per address, then 1, 2, 4 … 60 minutes; one password per second from everywhere.
        static let standard = Policy()
    }
}
