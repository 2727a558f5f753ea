import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaCore
import TagarelaFakes
import TagarelaSQLite
import Testing

/// The catalogue in the admin API and at the photo script's `/get-report-data`, behind the admin token.
@Suite("Admin API: the photo catalogue", .timeLimit(.minutes(3)))
struct CatalogueAPITests {
    @Test func pagesFiltersSearchesAndDeletes() async throws {
        try await TestWorld.with { world in
            let ana = try await CatalogueSeed.contact(world)
            let bia = try await CatalogueSeed.contact(world, phone: "+5521988887777", name: "Bia")
            let start = Date().addingTimeInterval(-600)
            let bolos = try await CatalogueSeed.items(world, contactID: ana, ["Bolo", "Torta", "Pão"], start: start)
            let gatos = try await CatalogueSeed.items(
                world, contactID: bia, ["Gato no sofá", "Gatos na janela"], start: start.addingTimeInterval(60))
            try await world.withServer { client in
                let anonymous = try await client.execute(uri: "/api/catalogue", method: .get)
                #expect(anonymous.status == .unauthorized)

                let first = try await client.admin("/api/catalogue?limit=2")
                let next = try #require(first.json["nextCursor"] as? String)
                #expect(first.status == .ok && next == CatalogueCursor.after(CataloguePosition(gatos[0])).token)
                let items = try #require(first.json["items"] as? [[String: Any]])
                #expect(items.map { $0["id"] as? Int } == [Int(gatos[1].id), Int(gatos[0].id)])
                #expect(
                    items[0]["description"] as? String == "Gatos na janela" && items[0]["contactID"] as? Int == Int(bia)
                )
                let photo = try #require((items[0]["photos"] as? [[String: Any]])?.first)
                #expect(photo["mediaID"] as? String == gatos[1].photos[0].mediaID)
                #expect(photo["contentType"] as? String == "image/png")
                let second = try await client.admin("/api/catalogue?limit=2&cursor=\(next)")
                #expect(
                    (second.json["items"] as? [[String: Any]])?.map { $0["id"] as? Int }
                        == [Int(bolos[2].id), Int(bolos[1].id)])
                let third = try #require(second.json["nextCursor"] as? String)
                let last = try await client.admin("/api/catalogue?limit=2&cursor=\(third)")
                #expect((last.json["items"] as? [[String: Any]])?.map { $0["id"] as? Int } == [Int(bolos[0].id)])
                #expect(last.json["nextCursor"] is NSNull)

                let hers = try await client.admin("/api/catalogue?contact=\(ana)")
                #expect((hers.json["items"] as? [[String: Any]])?.count == 3)
                let store = try ConversationSQLiteStore(path: world.databasePath)
                let found = try await CatalogueSearch(store: store).items(
                    contactID: nil, query: "gatos no sofá", limit: 50)
                let searched = try await client.admin("/api/catalogue?q=gatos%20no%20sof%C3%A1")
                #expect(
                    (searched.json["items"] as? [[String: Any]])?.map { $0["id"] as? Int } == found.map { Int($0.id) })
                #expect(found.map(\.id) == [gatos[0].id, gatos[1].id])

                let searchedPage = try await client.admin("/api/catalogue?q=gato&limit=1")
                #expect(searchedPage.json["nextCursor"] as? String == "r1")
                for bad in ["limit=0", "limit=101", "cursor=x", "cursor=r2", "q=gato&cursor=\(next)", "contact=0"] {
                    #expect(try await client.admin("/api/catalogue?\(bad)").status == .badRequest, "\(bad)")
                }

                #expect(try await client.admin("/api/catalogue/\(bolos[0].id)", method: .delete).status == .noContent)
                #expect(try await client.admin("/api/catalogue/\(bolos[0].id)", method: .delete).status == .notFound)
                #expect(try await client.admin("/api/media/\(bolos[0].photos[0].mediaID)").status == .notFound)
                #expect(try await store.catalogueItem(id: bolos[0].id) == nil)
                #expect(try await client.admin("/api/catalogue/x", method: .delete).status == .badRequest)
                let refused = try await client.execute(uri: "/api/catalogue/\(bolos[1].id)", method: .delete)
                #expect(refused.status == .unauthorized)
            }
        }
    }

    @Test("pages reach past the newest 1,000 items, each item once, in the gallery as in the API")
    func pagesReachEveryItem() async throws {
        try await TestWorld.with { world in
            let ana = try await CatalogueSeed.contact(world)
            let items = try await CatalogueSeed.items(
                world, contactID: ana, (1...1010).map { "Foto \($0)" }, start: Date().addingTimeInterval(-3600))
            try await world.withServer(DashboardAccessTests.withPassword) { client in
                var seen: [Int] = []
                var cursor: String?
                var pages = 0
                repeat {
                    let page = try await client.admin(
                        "/api/catalogue?limit=100" + (cursor.map { "&cursor=\($0)" } ?? ""))
                    #expect(page.status == .ok)
                    seen += (page.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
                    cursor = page.json["nextCursor"] as? String
                    pages += 1
                    if pages == 10 {
                        // The gallery takes the same cursor: past the 1,000th item, the last ten.
                        let browser = try await AdminBrowser.loggedIn(client)
                        _ = try await browser.get("/admin/gallery?cursor=\(try #require(cursor))")
                        #expect(browser.lastPage.components(separatedBy: #"<article class="item""#).count == 11)
                        #expect(browser.lastPage.contains(#"id="item-\#(items[0].id)""#))
                    }
                } while cursor != nil && pages < 20
                #expect(pages == 11)
                #expect(seen == items.reversed().map { Int($0.id) })
                let report = try await client.execute(
                    uri: "/get-report-data", method: .get, headers: [.authorization: "Bearer \(TestWorld.adminToken)"])
                let rows = try JSONSerialization.jsonObject(with: Data(report.body.readableBytesView)) as? [Any]
                #expect(rows?.count == 1010)
            }
        }
    }

    @Test func theReportDataKeepsThePhotoScriptsShape() async throws {
        try await TestWorld.with { world in
            let ana = try await CatalogueSeed.contact(world)
            let item = try #require(try await CatalogueSeed.items(world, contactID: ana, ["Meu gato"], photos: 2).first)
            try await world.withServer { client in
                #expect(try await client.execute(uri: "/get-report-data", method: .get).status == .unauthorized)
                let response = try await client.execute(
                    uri: "/get-report-data", method: .get,
                    headers: [.authorization: "Bearer \(TestWorld.adminToken)"])
                #expect(response.status == .ok)
                let rows = try #require(
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]])
                let row = try #require(rows.first)
                #expect(rows.count == 1)
                #expect(Set(row.keys) == ["id", "descricao", "from_number", "created_at", "image_links"])
                #expect(row["id"] as? Int == Int(item.id) && row["descricao"] as? String == "Meu gato")
                #expect(row["from_number"] as? String == "+5511987654321")
                #expect((row["created_at"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) } != nil)
                let links = try #require(row["image_links"] as? [String])
                #expect(links == item.photos.map { "\(TestWorld.publicURL)/api/media/\($0.mediaID)" })
                // The links keep the admin token's protection: the photos are never public.
                let path = String(links[0].dropFirst(TestWorld.publicURL.count))
                #expect(try await client.execute(uri: path, method: .get).status == .unauthorized)
                #expect(try await client.admin(path).status == .ok)
            }
        }
    }
}
