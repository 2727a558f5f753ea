import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaChannels
import TagarelaCore
import TagarelaFakes
import Testing

/// The dashboard's *Knowledge* page: documents uploaded with the form's CSRF token, listed with their passages,
/// searched as a turn searches, removed; and the conversation view showing the passages each turn was given.
@Suite("Dashboard: the knowledge base", .timeLimit(.minutes(3)))
struct KnowledgePageTests {
    static let settings = DashboardAccessTests.withPassword.merging(KnowledgeAPITests.fullText) { $1 }

    @Test func uploadSearchAndRemoveFromThePage() async throws {
        try await TestWorld.with { world in
            try await world.withServer(Self.settings) { client in
                let browser = try await AdminBrowser.loggedIn(client)
                _ = try await browser.get("/admin/knowledge")
                var page = browser.lastPage
                #expect(page.contains(#"<a href="/admin/knowledge" aria-current="page">Knowledge</a>"#))
                #expect(page.contains(#"<p id="no-documents">"#))
                #expect(page.contains("retrieval is full-text only"))
                #expect(page.contains(#"enctype="multipart/form-data" id="upload-form""#))

                let files = [
                    ("entregas.md", try KnowledgeUpload.example("entregas.md")),
                    ("aviso.md", Data("# Aviso <script>alert(1)</script>\n\nFechado no feriado de <b>Natal</b>.".utf8)),
                ]
                let forged = KnowledgeUpload.form(files, fields: [("csrf", String(repeating: "0", count: 64))])
                #expect(try await browser.upload("/admin/knowledge", forged).status == .forbidden)

                _ = try await browser.get("/admin/knowledge")
                let uploaded = try await browser.upload(
                    "/admin/knowledge", KnowledgeUpload.form(files, fields: [("csrf", try browser.csrf())]))
                #expect(uploaded.status == .seeOther && uploaded.headers[.location] == "/admin/knowledge?notice=added")
                _ = try await browser.get("/admin/knowledge?notice=added")
                page = browser.lastPage
                #expect(page.contains(#"role="status">The upload was added"#))
                #expect(page.contains("<td><code>uploads/entregas.md</code></td><td>Entregas</td>"))
                // What a document says stays text.
                #expect(page.contains("Aviso &lt;script&gt;alert(1)&lt;/script&gt;") && !page.contains("<script>"))

                _ = try await browser.get(
                    "/admin/knowledge?q=\(FormURLEncoded.percentEncode(KnowledgeAPITests.question))")
                page = browser.lastPage
                #expect(page.contains(#"value="\#(KnowledgeAPITests.question)""#))
                let first = try #require(page.range(of: #"<li class="passage""#))
                let best = page[first.lowerBound...].prefix(1200)
                #expect(best.contains("uploads/entregas.md › Entregas › Taxa de entrega e pedido mínimo"))
                #expect(best.contains("given to a turn") && best.contains("full text "))
                #expect(best.contains("O pedido mínimo para entrega é de R$ 40,00."))
                // As the search box's form sends it: a space is a plus sign.
                _ = try await browser.get("/admin/knowledge?q=taxa+de+entrega")
                #expect(browser.lastPage.contains(#"value="taxa de entrega""#))
                #expect(browser.lastPage.contains("Entregas › Taxa de entrega e pedido mínimo</strong>"))
                _ = try await browser.get("/admin/knowledge?q=girafa")
                #expect(
                    browser.lastPage.contains(#"<p id="no-passages">Nothing in the documents matches “girafa”.</p>"#))

                // Removing needs the box ticked, then the document and its passages go.
                let row = try #require(Self.documentID("uploads/aviso.md", in: browser.lastPage))
                let path = "/admin/knowledge/\(row)/delete"
                let unticked = try await browser.post(path, [], csrf: true)
                #expect(unticked.status == .badRequest && browser.lastPage.contains("Tick “remove for good”"))
                #expect(browser.lastPage.contains("uploads/aviso.md"))
                let removed = try await browser.post(path, [("confirm", "yes")], csrf: true)
                #expect(removed.headers[.location] == "/admin/knowledge?notice=removed")
                _ = try await browser.get("/admin/knowledge?notice=removed")
                #expect(browser.lastPage.contains("The document and its passages were removed."))
                #expect(
                    !browser.lastPage.contains("uploads/aviso.md") && browser.lastPage.contains("uploads/entregas.md"))
                #expect(try await browser.post(path, [("confirm", "yes")], csrf: true).status == .notFound)
            }
        }
    }

    @Test func aRefusedUploadSaysWhyAndChangesNothing() async throws {
        try await TestWorld.with { world in
            try await world.withServer(Self.settings) { client in
                let browser = try await AdminBrowser.loggedIn(client)
                _ = try await browser.get("/admin/knowledge")
                let upload = KnowledgeUpload.form(
                    [("entregas.md", try KnowledgeUpload.example("entregas.md")), ("bolo.png", CatalogueSeed.png)],
                    fields: [("csrf", try browser.csrf())])
                let refused = try await browser.upload("/admin/knowledge", upload)
                #expect(refused.status == .badRequest)
                #expect(
                    browser.lastPage.contains(
                        #"role="alert">Nothing was added: bolo.png: not a Markdown, text, HTML or PDF file.</p>"#))
                #expect(browser.lastPage.contains(#"<p id="no-documents">"#))
                let documents = try await client.admin("/api/knowledge").json["documents"] as? [Any]
                #expect(documents?.isEmpty == true)
                #expect(try await AdminBrowser(client).get("/admin/knowledge").status == .seeOther)
            }
        }
    }

    @Test func theConversationShowsThePassagesATurnWasGiven() async throws {
        try await TestWorld.with { world in
            try await world.withServer(Self.settings) { client in
                let upload = KnowledgeUpload.form([("entregas.md", try KnowledgeUpload.example("entregas.md"))])
                #expect(try await client.adminUpload("/api/knowledge", upload).status == .ok)
                try await Webhook.post(client, Webhook.text(KnowledgeAPITests.question))
                let sent = try await world.twilio.waitForSent(count: 1)
                #expect(sent[0].body?.contains("O pedido mínimo para entrega é de R$ 40,00.") == true)

                let conversation = try await client.admin("/api/contacts/1/messages")
                let turn = try #require((conversation.json["turns"] as? [[String: Any]])?.first)
                let given = try #require(turn["knowledge"] as? [[String: Any]])
                #expect(given.first?["source"] as? String == "uploads/entregas.md")
                #expect(given.first?["heading"] as? String == "Entregas › Taxa de entrega e pedido mínimo")
                #expect(given.first?["score"] is Double && given.first?["chunkID"] is Int)

                let browser = try await AdminBrowser.loggedIn(client)
                _ = try await browser.get("/admin/conversations/1")
                let page = browser.lastPage
                let list = try #require(page.range(of: #"<ol class="meta knowledge-used">"#))
                let passages = page[list.upperBound...].prefix(2000)
                #expect(
                    passages.contains(
                        #"<li data-chunk="\#(given.first?["chunkID"] as? Int ?? 0)">uploads/entregas.md › Entregas › Taxa de entrega e pedido mínimo · "#
                    ))
                #expect(page.components(separatedBy: "<li data-chunk=").count == given.count + 1)
            }
        }
    }

    /// The id in the remove form of the document stored as `source`, on a knowledge page.
    static func documentID(_ source: String, in page: String) -> Int? {
        guard let row = page.range(of: "<code>\(source)</code>") else { return nil }
        let rest = page[row.upperBound...]
        guard let action = rest.range(of: #"action="/admin/knowledge/"#) else { return nil }
        return Int(rest[action.upperBound...].prefix { $0.isNumber })
    }
}

extension AdminBrowser {
    /// Posts a multipart upload as the page's form would send it.
    func upload(_ path: String, _ form: (contentType: String, body: ByteBuffer)) async throws -> TestResponse {
        try await send(path, method: .post, headers: [.contentType: form.contentType], body: form.body)
    }
}
