import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaFakes
import Testing

/// Numbers in paths and queries: anything that is not a whole number in the route's range is a 400 that says
/// so, and the server goes on serving.
@Suite("Numbers read from requests", .timeLimit(.minutes(3)))
struct RequestNumberTests {
    static let huge = "9223372036854775807"

    @Test func aHugePageOnTheDashboardIsABadRequestAndTheServerGoesOn() async throws {
        try await TestWorld.with { world in
            try await world.withServer(DashboardAccessTests.withPassword) { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                _ = try await world.twilio.waitForSent(count: 1)
                let browser = try await AdminBrowser.loggedIn(client)
                for path in [
                    "/admin/conversations?page=\(Self.huge)", "/admin/conversations?page=0",
                    "/admin/conversations?page=-3", "/admin/conversations?page=two",
                    "/admin/conversations/\(Self.huge)0", "/admin/conversations/-1",
                    "/admin/conversations/1?before=-1", "/admin/conversations/1?before=1e3",
                    "/admin/playground/someone/messages?after=-1",
                ] {
                    let refused = try await browser.get(path)
                    #expect(refused.status == .badRequest, "\(path)")
                    #expect(browser.lastPage.contains("must be a whole number from"), "\(path): \(browser.lastPage)")
                }
                let served = try await browser.get("/admin/conversations?page=1")
                #expect(served.status == .ok)
                #expect(browser.lastPage.contains("/admin/conversations/1"))
                #expect(try await browser.get("/admin/conversations/1?before=\(Self.huge)").status == .ok)
            }
        }
    }

    @Test func numbersOutOfRangeOnTheAPIAreBadRequestsAndTheServerGoesOn() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                _ = try await world.twilio.waitForSent(count: 1)
                let requests: [(HTTPRequest.Method, String)] = [
                    (.get, "/api/contacts?offset=\(Self.huge)"), (.get, "/api/contacts?offset=-1"),
                    (.get, "/api/contacts?limit=\(Self.huge)"), (.get, "/api/contacts?limit=0"),
                    (.get, "/api/contacts?limit=-5"), (.get, "/api/contacts?limit=ten"),
                    (.get, "/api/contacts/\(Self.huge)0"), (.get, "/api/contacts/-1/messages"),
                    (.get, "/api/contacts/0/export"), (.post, "/api/contacts/x/pause"),
                    (.get, "/memory-status/0"), (.get, "/memory-status/-1"), (.post, "/clear-user-memory/0"),
                ]
                for (method, path) in requests {
                    let refused = try await client.execute(
                        uri: path, method: method, headers: AdminAPITests.bearer, body: nil)
                    #expect(refused.status == .badRequest, "\(method) \(path)")
                    #expect(String(buffer: refused.body).contains("\"error\""), "\(method) \(path)")
                }
                let listed = try await AdminAPITests.json(client, "/api/contacts?limit=1000&offset=0")
                #expect((listed["contacts"] as? [[String: Any]])?.count == 1)
                #expect(try await AdminAPITests.json(client, "/memory-status/1")["contactID"] as? Int == 1)
            }
        }
    }
}
