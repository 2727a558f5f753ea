import Foundation
import HummingbirdTesting
import TagarelaFakes
import Testing

/// The dashboard in a real browser. CI installs chromium, so there the test always runs.
@Suite(
    "Dashboard in headless chromium", .serialized,
    .enabled(
        if: WebDriver.isAvailable || ProcessInfo.processInfo.environment["CI"] != nil,
        "needs Debian's chromium and chromium-driver"),
    .timeLimit(.minutes(10)))
struct BrowserTests {
    /// A browser's language and words the dashboard must then show, written here rather than taken from the
    /// catalogue so a page in the wrong language fails.
    struct Language: Sendable, CustomTestStringConvertible {
        let acceptLanguage: String
        let tag: String
        let conversations: String
        let paused: String
        let knowledge: String
        let playground: String
        var testDescription: String { tag }

        static let english = Language(
            acceptLanguage: "en-US", tag: "en", conversations: "Conversations", paused: "Paused since",
            knowledge: "Knowledge", playground: "Playground")
        static let portugueseBrazil = Language(
            acceptLanguage: "pt-BR", tag: "pt-BR", conversations: "Conversas", paused: "Pausado desde",
            knowledge: "Conhecimento", playground: "Simulador")
    }

    @Test(arguments: [Language.english, .portugueseBrazil])
    func logInOpenAConversationPauseTheBotSeeTheGalleryUploadADocumentAndChatInThePlayground(
        _ language: Language
    ) async throws {
        try await TestWorld.with { world in
            let photo = await world.twilio.media(bytes: [UInt8](CatalogueSeed.png), contentType: "image/png")
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tagarela-upload-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let document = folder.appendingPathComponent("entregas.md")
            try KnowledgeUpload.example("entregas.md").write(to: document)
            try await world.withServer(DashboardAccessTests.withPassword) { client in
                try await Webhook.post(client, PhotoTests.twilioPhoto(photo, caption: "Meu gato dormindo no sofá"))
                _ = try await world.twilio.waitForSent(count: 1)
                try await Webhook.post(client, Webhook.text("Quero um bolo de cenoura"))
                _ = try await world.twilio.waitForSent(count: 2)
                let site = "http://127.0.0.1:\(try #require(client.port))"
                try await WebDriver.with(language: language.acceptLanguage) { browser in
                    try await browser.go(site + "/admin/conversations")
                    #expect(try await browser.currentURL.hasPrefix(site + "/admin/login"))
                    try await browser.type("#password", AdminBrowser.password)
                    try await browser.click("#login")
                    // Back where the login started.
                    try await browser.waitForText("h1", containing: language.conversations)
                    #expect(try await browser.property("html", "lang") as? String == language.tag)
                    try await browser.click("#contacts a")
                    try await browser.waitForText("#contact-name", containing: "Ana")
                    try await browser.waitForText("#timeline", containing: "Quero um bolo de cenoura")
                    try await browser.click("#pause")
                    try await browser.waitForText("#bot-state", containing: language.paused)
                    try await browser.waitForText("#waiting-badge", containing: "1")

                    try await browser.go(site + "/admin")
                    try await browser.waitForText("#waiting", containing: "Ana")
                    _ = try await browser.element("#activity-chart")

                    // The photo, drawn by the browser from the session-protected route.
                    try await browser.click("nav a[href='/admin/gallery']")
                    try await browser.waitForText("#gallery", containing: "Meu gato dormindo no sofá")
                    try await waitUntil("the photo drawn") {
                        try await browser.property("#gallery img.thumb", "naturalWidth") as? Int == 1
                    }

                    // A document through the file picker, then the passage a question would be given.
                    try await browser.click("nav a[href='/admin/knowledge']")
                    try await browser.waitForText("h1", containing: language.knowledge)
                    try await browser.type("#upload-form input[type=file]", document.path)
                    try await browser.click("#upload-form button")
                    try await browser.waitForText("#documents", containing: "uploads/entregas.md")
                    try await browser.type("form.search input[name=q]", "Qual o pedido mínimo para entrega?")
                    try await browser.click("form.search button")
                    try await browser.waitForText(
                        "#passages", containing: "O pedido mínimo para entrega é de R$ 40,00.")

                    try await browser.go(site + "/admin/playground")
                    try await browser.type("#chat-input", "Olá do navegador")
                    try await browser.click("#chat-send")
                    // The reply comes from the pipeline and appears without a reload.
                    let chat = try await browser.waitForText(
                        "#chat-timeline", containing: "Resposta para: Olá do navegador")
                    #expect(chat.hasPrefix("Olá do navegador"))
                    try await browser.click("#new-contact")
                    try await browser.waitForText("h1", containing: language.playground)
                    #expect(try await browser.text("#chat-timeline").isEmpty)
                }
            }
        }
    }
}
