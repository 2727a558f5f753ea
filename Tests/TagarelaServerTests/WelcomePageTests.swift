import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaServer
import Testing

/// `/` on a first visit: what runs here and what to do next, never a setting's value.
@Suite("The welcome page at /", .timeLimit(.minutes(3)))
struct WelcomePageTests {
    static let english: HTTPFields = [.acceptLanguage: "en-US,en;q=0.9"]

    @Test func withoutAnAcceptLanguageItIsInBrazilianPortuguese() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                let text = String(
                    buffer: try await client.execute(uri: "/", method: .get, headers: [:], body: nil).body)
                #expect(text.contains(#"<html lang="pt-BR">"#))
                #expect(text.contains("O Tagarela está no ar"))
                // No ADMIN_PASSWORD in the test world: the page points at the one-time link, in Portuguese.
                #expect(text.contains("link de uso único"))
                #expect(!text.contains("is running"))
            }
        }
    }

    @Test func itSaysWhatToDoNextWithAndWithoutAPassword() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                let page = try await client.execute(uri: "/", method: .get, headers: Self.english, body: nil)
                #expect(page.status == .ok)
                #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
                let text = String(buffer: page.body)
                #expect(text.contains("Tagarela is running"))
                #expect(text.contains("ADMIN_PASSWORD"))
                for secret in [TestWorld.adminToken, TestWorld.authToken, MetaHook.appSecret] {
                    #expect(!text.contains(secret))
                }
            }
            try await world.withServer(["ADMIN_PASSWORD": "a long password for the dashboard"]) { client in
                let text = String(
                    buffer: try await client.execute(uri: "/", method: .get, headers: Self.english, body: nil).body)
                #expect(text.contains("<a href=\"/admin\">Open the dashboard</a>"))
                #expect(!text.contains("a long password"))
            }
        }
    }

    @Test func itWarnsALiveChannelWhoseAssistantSaysNotWhoseItIs() async throws {
        try await TestWorld.with { world in
            try await world.withServer(["SYSTEM_PROMPT": MemorySettings.defaultSystemPrompt]) { client in
                let text = String(
                    buffer: try await client.execute(uri: "/", method: .get, headers: [:], body: nil).body)
                #expect(text.contains("id=\"business-warning\"") && text.contains(Configuration.whatsAppTermsURL))
                #expect(text.contains("id=\"first-run\""))
            }
            let business = ["BUSINESS_NAME": "Padaria Pão Quente", "BUSINESS_DESCRIPTION": "Pães e encomendas."]
            var overrides = business
            overrides["SYSTEM_PROMPT"] = MemorySettings.defaultSystemPrompt(
                businessName: business["BUSINESS_NAME"], description: business["BUSINESS_DESCRIPTION"])
            try await world.withServer(overrides) { client in
                let text = String(
                    buffer: try await client.execute(uri: "/", method: .get, headers: Self.english, body: nil).body)
                #expect(text.contains("Tagarela is running") && !text.contains("business-warning"))
            }
        }
    }
}
