import Hummingbird
import Logging
import NIOCore
import TagarelaCore

/// `GET /metrics`: the Prometheus text exposition of this application's registry, behind the admin token
/// unless `METRICS_PUBLIC` opens it (for a scraper on a private network that cannot send a bearer token).
struct MetricsController {
    let metrics: ServerMetrics
    let store: any ConversationStore
    /// Nil when the endpoint is public.
    let auth: AdminAuth?
    /// A scrape waits this long for the queue depth, then answers without it.
    var queueTimeout: Duration = .seconds(3)

    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/metrics") { request, context in
            try auth?.check(request)
            metrics.queueDepth(await queueDepth(logger: context.logger))
            metrics.databaseRoundTrips(store.roundTrips)
            return Response(
                status: .ok, headers: [.contentType: Self.contentType],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
    }

    /// The queue depth, read at scrape time so it is exact whichever instance queued the work; nil when the
    /// database does not answer in time (the rest of the metrics are still worth having then).
    func queueDepth(logger: Logger) async -> (turns: Int, outbound: Int)? {
        let store = store
        let stats = await withTaskGroup(of: StoreStats?.self) { group in
            group.addTask { try? await store.stats() }
            group.addTask {
                try? await Task.sleep(for: queueTimeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let stats else {
            logger.warning(
                "queue depth unavailable for /metrics: the database failed or did not answer",
                metadata: ["timeout": "\(queueTimeout)"])
            return nil
        }
        return (stats.pendingTurns, stats.pendingOutbound)
    }
}
