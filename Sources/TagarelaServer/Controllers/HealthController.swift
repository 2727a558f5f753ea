import Foundation
import Hummingbird
import Logging
import TagarelaCore

/// `GET /health`: public, honest about the database within a few seconds, and saying nothing more than `ok`
/// or `unavailable`; `GET /api/health`: each part's state, behind the admin token.
struct HealthController {
    let store: any ConversationStore
    let configuration: Configuration
    let auth: AdminAuth
    let timeSource: any TimeSource
    var timeout: Duration = .seconds(3)

    /// The whole public answer: a load balancer needs the status code, an anonymous caller nothing more.
    struct Status: ResponseEncodable {
        var status: String
    }

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/health") { _, context in try await self.health(logger: context.logger) }
        router.get("/api/health") { request, _ in
            try auth.check(request)
            let report = await report()
            return EditedResponse(status: report.status == "ok" ? .ok : .serviceUnavailable, response: report)
        }
    }

    func health(logger: Logger) async throws -> EditedResponse<Status> {
        guard await HealthReport.databaseProblem(store, timeout: timeout) != nil else {
            return EditedResponse(status: .ok, response: Status(status: "ok"))
        }
        // The reasons go to the log, where the operator looks; the caller only learns that it is down.
        let report = await report()
        var metadata: Logger.Metadata = [:]
        for part in report.parts { metadata[part.name] = .string(part.state) }
        logger.warning("health check failed", metadata: metadata)
        return EditedResponse(status: .serviceUnavailable, response: Status(status: "unavailable"))
    }

    func report() async -> HealthReport {
        await HealthReport.gather(
            store: store, configuration: configuration, now: timeSource.now(), timeout: timeout)
    }
}
