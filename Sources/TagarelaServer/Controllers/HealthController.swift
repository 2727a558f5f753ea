import Foundation
import Hummingbird
import TagarelaCore

/// `GET /health`: public, and honest about the database within a few seconds.
struct HealthController {
    let store: any ConversationStore
    var timeout: Duration = .seconds(3)

    struct Health: ResponseEncodable {
        var status: String
        var database: String
    }

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/health") { _, _ in try await self.health() }
    }

    func health() async throws -> EditedResponse<Health> {
        if let problem = await databaseProblem() {
            return EditedResponse(
                status: .serviceUnavailable, response: Health(status: "unavailable", database: problem))
        }
        return EditedResponse(status: .ok, response: Health(status: "ok", database: "ok"))
    }

    /// Why the database cannot serve now, or nil when it answers within the timeout.
    func databaseProblem() async -> String? {
        let store = store
        let timeout = timeout
        return await withTaskGroup(of: String?.self) { group in
            group.addTask {
                do {
                    try await store.checkHealth()
                    return nil
                } catch {
                    return "\(error)"
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return "no answer within \(timeout)"
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
