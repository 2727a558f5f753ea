import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaCore
import TagarelaFakes
import TagarelaSQLite
import Testing

/// The dashboard's gallery: every contact's catalogue or one's, newest first a page at a time, searched as the
/// model searches, with photos served only to a session, and items deleted with the form's CSRF token.
@Suite("Dashboard: the photo gallery", .timeLimit(.minutes(3)))
struct GalleryTests {
    @Test func listsPagesFiltersAndSearches() async throws {
        try await TestWorld.with { world in
            let ana = try await CatalogueSeed.contact(world)
            let bia = try await CatalogueSeed.contact(world, phone: "+5521988887777", name: "Bia")
            let start = Date().addingTimeInterval(-600)
            let bolos = try await CatalogueSeed.items(
                world, contactID: ana, (1...26).map { "Bolo \($0)" }, start: start)
            let gatos = try await CatalogueSeed.items(
                world, contactID: bia, ["Gato <b>preto</b> no sofá", "Gatos na janela"],
                start: start.addingTimeInterval(60))
            try await world.withServer(DashboardAccessTests.withPassword) { client in
                let browser = try await AdminBrowser.loggedIn(client)
                _ = try await browser.get("/admin/gallery")
                var page = browser.lastPage
                #expect(page.contains(#"<a href="/admin/gallery" aria-current="page">Gallery</a>"#))
                #expect(page.components(separatedBy: #"<article class="item""#).count == 26)
                // Newest first: Bia's two, then Ana's from the 26th; what a contact wrote stays text.
                let order = [gatos[1].id, gatos[0].id, bolos[25].id, bolos[3].id].compactMap {
                    page.range(of: #"id="item-\#($0)""#)?.lowerBound
                }
                #expect(order.count == 4 && order == order.sorted())
                #expect(!page.contains(#"id="item-\#(bolos[0].id)""#))
                #expect(page.contains("Gato &lt;b&gt;preto&lt;/b&gt; no sofá") && !page.contains("<b>preto"))
                let photo = try #require(gatos[0].photos.first?.mediaID)
                #expect(page.contains(#"<img class="thumb" src="/admin/media/\#(photo)""#))
                #expect(page.contains(#"<a href="/admin/gallery?contact=\#(bia)">Bia</a>"#))
                // The next page starts after the last item shown (Ana's fourth).
                let next = CatalogueCursor.after(CataloguePosition(bolos[3])).token
                #expect(page.contains(#"href="/admin/gallery?cursor=\#(next)">older →"#))
                #expect(!page.contains("← newest"))
                let served = try await browser.get("/admin/media/\(photo)")
                #expect(served.status == .ok && served.headers[.contentType] == "image/png")
                #expect(try await AdminBrowser(client).get("/admin/media/\(photo)").status == .seeOther)

                _ = try await browser.get("/admin/gallery?cursor=\(next)")
                page = browser.lastPage
                #expect(page.components(separatedBy: #"<article class="item""#).count == 4)
                #expect(page.contains(#"id="item-\#(bolos[0].id)""#) && !page.contains("older →"))
                #expect(!page.contains(#"id="item-\#(bolos[3].id)""#))
                #expect(page.contains(#"href="/admin/gallery">← newest"#))

                _ = try await browser.get("/admin/gallery?contact=\(bia)")
                page = browser.lastPage
                #expect(page.contains(#"Gallery · <a href="/admin/conversations/\#(bia)">Bia</a>"#))
                #expect(page.components(separatedBy: #"<article class="item""#).count == 3)

                // The search box finds what the model's search finds, in the same order.
                let store = try ConversationSQLiteStore(path: world.databasePath)
                let found = try await CatalogueSearch(store: store).items(
                    contactID: nil, query: "gatos pretos", limit: 25)
                #expect(found.map(\.id) == [gatos[0].id, gatos[1].id])
                _ = try await browser.get("/admin/gallery?q=gatos+pretos")
                page = browser.lastPage
                #expect(page.contains(#"value="gatos pretos""#))
                let positions = found.compactMap { page.range(of: #"id="item-\#($0.id)""#)?.lowerBound }
                #expect(positions.count == 2 && positions == positions.sorted())
                #expect(!page.contains(#"id="item-\#(bolos[0].id)""#))
                _ = try await browser.get("/admin/gallery?q=girafa")
                #expect(browser.lastPage.contains(#"<p id="no-items">No photo matches “girafa”.</p>"#))

                #expect(try await browser.get("/admin/gallery?contact=99").status == .notFound)
                #expect(try await browser.get("/admin/gallery?cursor=x").status == .badRequest)
                // A list's cursor does not page a search, nor a search's a list.
                #expect(try await browser.get("/admin/gallery?q=gato&cursor=\(next)").status == .badRequest)
                #expect(try await browser.get("/admin/gallery?cursor=r25").status == .badRequest)
            }
        }
    }

    @Test func deletesAnItemWithItsPhotosOnlyWithTheFormsToken() async throws {
        try await TestWorld.with { world in
            let ana = try await CatalogueSeed.contact(world)
            let items = try await CatalogueSeed.items(world, contactID: ana, ["Bolo de cenoura", "Torta"], photos: 2)
            try await world.withServer(DashboardAccessTests.withPassword) { client in
                let browser = try await AdminBrowser.loggedIn(client)
                _ = try await browser.get("/admin/gallery?contact=\(ana)")
                let path = "/admin/gallery/\(items[0].id)/delete"
                #expect(browser.lastPage.contains(#"action="\#(path)""#))
                let forged = try await browser.post(
                    path, [("confirm", "yes"), ("csrf", String(repeating: "0", count: 64))])
                #expect(forged.status == .forbidden)
                _ = try await browser.get("/admin/gallery?contact=\(ana)")
                #expect(try await browser.post(path, [], csrf: true).status == .badRequest)

                _ = try await browser.get("/admin/gallery?contact=\(ana)")
                let deleted = try await browser.post(path, [("confirm", "yes"), ("contact", "\(ana)")], csrf: true)
                #expect(deleted.status == .seeOther)
                #expect(deleted.headers[.location] == "/admin/gallery?contact=\(ana)&notice=deleted")
                _ = try await browser.get("/admin/gallery?contact=\(ana)&notice=deleted")
                #expect(browser.lastPage.contains(#"role="status">The item and its photos were deleted.</p>"#))
                #expect(!browser.lastPage.contains(#"id="item-\#(items[0].id)""#))
                #expect(browser.lastPage.contains(#"id="item-\#(items[1].id)""#))
                for photo in items[0].photos {
                    #expect(try await browser.get("/admin/media/\(photo.mediaID)").status == .notFound)
                }
                let store = try ConversationSQLiteStore(path: world.databasePath)
                #expect(try await store.catalogueItem(id: items[0].id) == nil)
                _ = try await browser.get("/admin/gallery")
                #expect(try await browser.post(path, [("confirm", "yes")], csrf: true).status == .notFound)
            }
        }
    }

    @Test func theReportPageLeadsToTheGalleryThroughTheLogin() async throws {
        try await TestWorld.with { world in
            try await world.withServer(DashboardAccessTests.withPassword) { client in
                let stranger = AdminBrowser(client)
                let report = try await stranger.get("/report")
                #expect(report.status == .seeOther && report.headers[.location] == "/admin/gallery")
                let gallery = try await stranger.get("/admin/gallery")
                #expect(gallery.headers[.location] == "/admin/login?next=%2Fadmin%2Fgallery")
                let login = try await stranger.logIn(next: "/admin/gallery")
                #expect(login.headers[.location] == "/admin/gallery")
                _ = try await stranger.get("/admin/gallery")
                #expect(stranger.lastPage.contains(#"<p id="no-items">No photo yet.</p>"#))
            }
        }
    }

    @Test func aConversationShowsTheContactsPhotos() async throws {
        try await TestWorld.with { world in
            let mediaURL = await world.twilio.media(bytes: [UInt8](CatalogueSeed.png), contentType: "image/png")
            try await world.withServer(DashboardAccessTests.withPassword) { client in
                try await Webhook.post(client, PhotoTests.twilioPhoto(mediaURL, caption: "Meu gato"))
                _ = try await world.twilio.waitForSent(count: 1)
                let store = try ConversationSQLiteStore(path: world.databasePath)
                let kept = try #require(try await store.messages(contactID: 1).first?.media?.storedID)
                let browser = try await AdminBrowser.loggedIn(client)
                _ = try await browser.get("/admin/conversations/1")
                #expect(browser.lastPage.contains(#"<img class="thumb" src="/admin/media/\#(kept)""#))
                #expect(try await browser.get("/admin/media/\(kept)").status == .ok)
            }
        }
    }
}
