import Foundation
import HummingbirdTesting
import TagarelaServer
import Testing

/// The playground without a model to answer: it says so, and how to configure one (a local server included), in
/// the page's language.
@Suite("Playground: no model configured", .timeLimit(.minutes(3)))
struct PlaygroundModelTests {
    /// No channel and no model: what a first `swift run tagarela` with only a password has.
    static let noModel = DashboardAccessTests.withPassword.merging(
        [
            "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_FROM", "TWILIO_API_BASE_URL", "WHATSAPP_TOKEN",
            "GRAPH_API_BASE_URL",
            "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_VERIFY_TOKEN", "WHATSAPP_APP_SECRET", "OPENAI_API_KEY",
            "OPENAI_BASE_URL", "GEMINI_API_KEY",
        ].map { ($0, "") }
    ) { $1 }

    @Test func withoutAModelThePlaygroundSaysHowToConfigureOneInBothLanguages() async throws {
        try await TestWorld.with { world in
            #expect(try world.configuration(Self.noModel).models.chain.isEmpty)
            try await world.withServer(Self.noModel) { client in
                let browser = try await AdminBrowser.loggedIn(client)
                for (language, says) in [
                    ("en", "No model is configured"), ("pt-BR", "Nenhum modelo está configurado"),
                ] {
                    browser.language = language
                    _ = try await browser.get("/admin/playground?as=primeira-vez")
                    let page = browser.lastPage
                    #expect(page.contains(#"id="no-model""#) && page.contains(says), "\(language)")
                    for setting in [
                        "<code>OPENAI_API_KEY</code>", "<code>GEMINI_API_KEY</code>",
                        "<code>OPENAI_BASE_URL=http://localhost:11434/v1</code>", "<code>llama-server</code>",
                    ] {
                        #expect(page.contains(setting), "\(language): \(setting)")
                    }
                }
            }
        }
    }

    @Test func withAModelItSaysNothingAndWithTheModelsOffItSaysSo() async throws {
        try await TestWorld.with { world in
            try await world.withServer(DashboardAccessTests.withPassword) { client in
                let browser = try await AdminBrowser.loggedIn(client)
                _ = try await browser.get("/admin/playground?as=visita")
                #expect(browser.lastPage.contains(#"id="chat-form""#))
                #expect(!browser.lastPage.contains(#"id="no-model""#))
            }
            let off = DashboardAccessTests.withPassword.merging(["LLM_DISABLED": "true"]) { $1 }
            try await world.withServer(off) { client in
                let browser = try await AdminBrowser.loggedIn(client)
                browser.language = "pt-BR"
                _ = try await browser.get("/admin/playground?as=visita")
                #expect(browser.lastPage.contains("Os modelos estão desligados (<code>LLM_DISABLED</code>)"))
            }
        }
    }
}
