import Foundation
import Logging
import ServiceLifecycle

/// Crash recovery without waiting for leases to run out. The process proves its owner alive while it runs; at
/// start, before the workers claim anything (they wait on `gate`), every lease under its own name is a dead
/// predecessor's (a restart with the same `INSTANCE_ID`) and is ended, and so are the leases of every other owner
/// that nobody proves alive. Then it looks again every `interval` for owners that died since.
///
/// Ending a lease only lets another worker take the work now instead of at expiry: the lease tokens still fence
/// every write, so an owner wrongly thought dead (say, one whose database connection dropped) loses its turn to
/// another worker and exactly-once still holds.
public struct LeaseRecovery: Service {
    let store: any LeaseOwnerStore
    let liveness: any InstanceLiveness
    let owner: String
    let interval: Duration
    let gate: StartGate
    let signals: [WorkSignal]
    let timeSource: any TimeSource
    let logger: Logger

    public init(
        store: any LeaseOwnerStore, liveness: any InstanceLiveness, owner: String, interval: Duration = .seconds(10),
        gate: StartGate, signals: [WorkSignal], timeSource: any TimeSource, logger: Logger
    ) {
        self.store = store
        self.liveness = liveness
        self.owner = owner
        self.interval = interval
        self.gate = gate
        self.signals = signals
        self.timeSource = timeSource
        self.logger = logger
    }

    public func run() async throws {
        // Whatever happens, the workers start: at worst they wait for the leases to expire, as without recovery.
        defer { gate.open() }
        // Cancelled, not asked, at shutdown: a pass may be waiting on a database that is gone.
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await liveness.holding(owner) { held in try await recoverWhileAlive(held: held) }
                } catch {
                    if Task.isCancelled { return }
                    gate.open()
                    logger.error("crash recovery stopped; trying again", metadata: ["error": "\(error)"])
                    try? await timeSource.sleep(for: interval)
                }
            }
        }
    }

    /// The passes made while this process proves itself alive; returns only when cancelled.
    private func recoverWhileAlive(held: Bool) async throws {
        if !held {
            logger.error(
                "another live process runs as this INSTANCE_ID; its leases are left to expire",
                metadata: ["owner": "\(owner)"])
        }
        await recover(includingOwn: held)
        gate.open()
        // An owner that died just before this start may still look alive; look again once it cannot.
        if liveness.deathNoticedWithin > .zero {
            try await timeSource.sleep(for: liveness.deathNoticedWithin)
            await recover(includingOwn: false)
        }
        while true {
            try await timeSource.sleep(for: interval)
            await recover(includingOwn: false)
        }
    }

    /// Ends the leases of dead owners (and this process's own name's, at start); wakes the workers if any ended.
    func recover(includingOwn: Bool) async {
        do {
            let now = timeSource.now()
            var dead: Set<String> = []
            for candidate in try await store.leaseOwners(now: now) {
                if candidate == owner {
                    if includingOwn { dead.insert(candidate) }
                } else if try await !liveness.isAlive(candidate) {
                    dead.insert(candidate)
                }
            }
            guard !dead.isEmpty else { return }
            let ended = try await store.expireLeases(ownedBy: dead, now: now)
            logger.notice(
                "took over the work of instances that died",
                metadata: ["instances": "\(dead.sorted())", "leases": "\(ended)"])
            for signal in signals { signal.signal() }
        } catch {
            logger.warning("could not look for the leases of dead instances", metadata: ["error": "\(error)"])
        }
    }
}
