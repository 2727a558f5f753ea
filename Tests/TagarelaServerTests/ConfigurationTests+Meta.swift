import Foundation
import Testing

@testable import TagarelaServer

extension ConfigurationTests {
    static let meta = [
        "WHATSAPP_TOKEN": "EAAGtest-token",
        "WHATSAPP_PHONE_NUMBER_ID": "106540352242922",
        "WHATSAPP_VERIFY_TOKEN": "verify-me",
        "WHATSAPP_APP_SECRET": "app-secret",
    ]

    @Test func metaFullyConfigured() throws {
        let configuration = try Configuration.load(environment: Self.meta)
        let meta = try #require(configuration.meta)
        #expect(meta.accessToken == "EAAGtest-token")
        #expect(meta.phoneNumberID == "106540352242922")
        #expect(meta.verifyToken == "verify-me")
        #expect(meta.appSecret == "app-secret")
        #expect(meta.graphAPIBaseURL.absoluteString == "https://graph.facebook.com/v23.0")
        #expect(meta.reengagementTemplate == nil && meta.reengagementTemplateLanguage == "pt_BR")
        #expect(meta.maxMessageLength == 4096)
        #expect(configuration.twilio == nil)
        #expect(configuration.queue.maxMessageAge == .seconds(3600))
        // Secrets never show in the summary.
        let summary = configuration.redactedDescription()
        for secret in ["EAAGtest-token", "verify-me", "app-secret"] { #expect(!summary.contains(secret)) }
        #expect(summary.contains("WHATSAPP_PHONE_NUMBER_ID=106540352242922"))
    }

    @Test func theOlderScriptsNamesAreAliases() throws {
        let environment = [
            "WHATSAPP_TOKEN": "t", "PHONE_NUMBER_ID": "123", "VERIFY_TOKEN": "v", "WHATSAPP_APP_SECRET": "s",
            "GRAPH_API_BASE_URL": "http://127.0.0.1:9/v24.0/", "WHATSAPP_REENGAGEMENT_TEMPLATE": "volte_a_falar",
            "WHATSAPP_REENGAGEMENT_TEMPLATE_LANGUAGE": "en_US", "MAX_MESSAGE_AGE_SECONDS": "0",
        ]
        let configuration = try Configuration.load(environment: environment)
        let meta = try #require(configuration.meta)
        #expect(meta.phoneNumberID == "123" && meta.verifyToken == "v")
        #expect(meta.graphAPIBaseURL.absoluteString == "http://127.0.0.1:9/v24.0")
        #expect(meta.reengagementTemplate == "volte_a_falar" && meta.reengagementTemplateLanguage == "en_US")
        #expect(configuration.queue.maxMessageAge == nil)
    }

    @Test func metaPartlyConfigured() throws {
        let error = try error(["VERIFY_TOKEN": "v"])
        #expect(error.setting == "WHATSAPP_TOKEN")
        #expect(
            error.description
                == "the Meta WhatsApp channel is partly configured: set WHATSAPP_TOKEN and WHATSAPP_PHONE_NUMBER_ID "
                + "too (or remove VERIFY_TOKEN)")
        var environment = Self.meta
        environment["WHATSAPP_PHONE_NUMBER_ID"] = "+55 11 98765-4321"
        #expect(try self.error(environment).setting == "WHATSAPP_PHONE_NUMBER_ID")
    }

    @Test func theAppSecretIsRequiredUnlessLoudlyOverridden() throws {
        var environment = Self.meta
        environment["WHATSAPP_APP_SECRET"] = nil
        let error = try error(environment)
        #expect(error.setting == "WHATSAPP_APP_SECRET")
        #expect(error.description.contains("WHATSAPP_ALLOW_UNSIGNED_WEBHOOKS=true"))
        environment["WHATSAPP_ALLOW_UNSIGNED_WEBHOOKS"] = "true"
        let configuration = try Configuration.load(environment: environment)
        #expect(configuration.meta?.appSecret == nil)
        #expect(configuration.warnings.contains { $0.contains("NOT verified") })
        #expect(configuration.summary["WHATSAPP_APP_SECRET"] == "(not set: webhooks NOT verified)")
        // With the secret present the override changes nothing, and says so.
        environment["WHATSAPP_APP_SECRET"] = "s"
        let verified = try Configuration.load(environment: environment)
        #expect(verified.meta?.appSecret == "s")
        #expect(verified.warnings.contains { $0.hasPrefix("WHATSAPP_ALLOW_UNSIGNED_WEBHOOKS is ignored") })
    }

    @Test func twilioAndMetaSideBySide() throws {
        let configuration = try Configuration.load(environment: Self.twilio.merging(Self.meta) { $1 })
        #expect(configuration.twilio != nil && configuration.meta != nil)
    }
}
