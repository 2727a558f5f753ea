import Prometheus
import Synchronization
import TagarelaCore

/// One application's metrics, in a registry of its own. Nothing here is global: tests start many
/// applications in one process, and `MetricsSystem.bootstrap` may run only once per process, so each built
/// application gets its own `ServerMetrics` (through ``Dependencies``) and `/metrics` shows that registry.
public final class ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let turnDuration: DurationHistogram
    let pendingTurns: Gauge
    let pendingOutbound: Gauge
    let roundTrips: Counter
    /// The store's count at the last scrape: the counter only moves forward by what was added since.
    private let roundTripsExported = Mutex(0)
    /// Realtime voice sessions by outcome (`answered` or the reason of a fallback), for the overview: the registry's
    /// counters cannot be read back.
    let realtimeOutcomes = Mutex<[String: Int]>([:])

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        // Registered up front so a scrape shows them before the first event.
        turnDuration = registry.makeDurationHistogram(
            descriptor: MetricCatalog.turnDuration.descriptor, buckets: MetricCatalog.turnBuckets)
        pendingTurns = registry.makeGauge(descriptor: MetricCatalog.queueDepth.descriptor, labels: [("queue", "turns")])
        pendingOutbound = registry.makeGauge(
            descriptor: MetricCatalog.queueDepth.descriptor, labels: [("queue", "outbound")])
        roundTrips = registry.makeCounter(descriptor: MetricCatalog.databaseRoundTrips.descriptor)
        for outcome in LoginOutcome.allCases {
            _ = registry.makeCounter(
                descriptor: MetricCatalog.adminLogins.descriptor, labels: [("outcome", outcome.rawValue)])
        }
    }

    /// The text exposition of everything registered.
    public func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }

    /// Counts one answered HTTP request; `route` is the matched route pattern, never the raw path, so a
    /// scanner trying random paths cannot create series without end.
    func requestServed(method: String, route: String, status: Int, duration: Duration) {
        count(MetricCatalog.httpRequests, [("method", method), ("route", route), ("status", String(status))])
        record(duration, MetricCatalog.httpDuration, [("route", route)], buckets: MetricCatalog.httpBuckets)
    }

    /// The queue depth as the store reported it; nil when it could not be read (shown as NaN, "no value").
    func queueDepth(_ depth: (turns: Int, outbound: Int)?) {
        pendingTurns.set(depth.map { Double($0.turns) } ?? .nan)
        pendingOutbound.set(depth.map { Double($0.outbound) } ?? .nan)
    }

    /// The store's running count of statements, read at scrape time like the queue depth.
    func databaseRoundTrips(_ total: Int) {
        let added = roundTripsExported.withLock { exported in
            defer { exported = max(exported, total) }
            return total - exported
        }
        if added > 0 { roundTrips.increment(by: Int64(added)) }
    }

    /// The registry returns the existing series for a name and label set, so this is a lookup after the first
    /// call, not a new registration.
    func count(_ metric: MetricCatalog.Entry, _ labels: [(String, String)], by amount: Int64 = 1) {
        registry.makeCounter(descriptor: metric.descriptor, labels: labels).increment(by: amount)
    }

    /// Records a duration in a labelled histogram (found the same way as a counter).
    func record(
        _ duration: Duration, _ metric: MetricCatalog.Entry, _ labels: [(String, String)], buckets: [Duration]
    ) {
        registry.makeDurationHistogram(descriptor: metric.descriptor, labels: labels, buckets: buckets).record(duration)
    }
}
