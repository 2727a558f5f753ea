import Foundation
import Logging
import TagarelaCore
import Testing

@testable import TagarelaServer

extension ConfigurationTests {
    // MARK: Twilio

    @Test func twilioFullyConfigured() throws {
        let twilio = try #require(try Configuration.load(environment: Self.twilio).twilio)
        #expect(twilio.accountSID == Self.sid)
        #expect(twilio.authToken == "0123456789abcdef0123456789abcdef")
        #expect(twilio.from == "whatsapp:+14155238886")
        #expect(twilio.messagingServiceSID == nil && twilio.webhookSigningKey == nil)
        #expect(twilio.apiBaseURL.absoluteString == "https://api.twilio.com")
        #expect(twilio.statusCallbacks)
    }

    @Test func twilioOptionalSettings() throws {
        var environment = Self.twilio
        environment["TWILIO_MESSAGING_SERVICE_SID"] = Self.serviceSID
        environment["TWILIO_API_BASE_URL"] = "http://127.0.0.1:9999/"
        environment["TWILIO_WEBHOOK_SIGNING_KEY"] = "shared-key"
        environment["TWILIO_STATUS_CALLBACKS"] = "no"
        let twilio = try #require(try Configuration.load(environment: environment).twilio)
        #expect(twilio.messagingServiceSID == Self.serviceSID)
        #expect(twilio.apiBaseURL.absoluteString == "http://127.0.0.1:9999")
        #expect(twilio.webhookSigningKey == "shared-key")
        #expect(!twilio.statusCallbacks)
    }

    @Test(
        "TWILIO_PHONE_NUMBER is an alias that gets the whatsapp: prefix",
        arguments: ["+14155238886", "whatsapp:+14155238886", "WhatsApp:+1 (415) 523-8886", " +1-415-523-8886 "])
    func phoneNumberAlias(number: String) throws {
        var environment = Self.twilio
        environment["TWILIO_WHATSAPP_FROM"] = nil
        environment["TWILIO_PHONE_NUMBER"] = number
        #expect(try Configuration.load(environment: environment).twilio?.from == "whatsapp:+14155238886")
    }

    @Test func whatsAppFromWinsOverTheAlias() throws {
        var environment = Self.twilio
        environment["TWILIO_PHONE_NUMBER"] = "+5511987654321"
        let configuration = try Configuration.load(environment: environment)
        #expect(configuration.twilio?.from == "whatsapp:+14155238886")
        #expect(configuration.warnings == ["TWILIO_PHONE_NUMBER is ignored: TWILIO_WHATSAPP_FROM is set and wins"])
    }

    @Test func aMessagingServiceReplacesTheSender() throws {
        var environment = Self.twilio
        environment["TWILIO_WHATSAPP_FROM"] = nil
        environment["TWILIO_MESSAGING_SERVICE_SID"] = Self.serviceSID
        let twilio = try #require(try Configuration.load(environment: environment).twilio)
        #expect(twilio.from == nil && twilio.messagingServiceSID == Self.serviceSID)
    }

    @Test func theSenderIsOptional() throws {
        var environment = Self.twilio
        environment["TWILIO_WHATSAPP_FROM"] = nil
        let twilio = try #require(try Configuration.load(environment: environment).twilio)
        #expect(twilio.from == nil && twilio.messagingServiceSID == nil)
    }

    @Test func twilioPartlyConfigured() throws {
        #expect(
            try error(["TWILIO_ACCOUNT_SID": Self.sid]).description
                == "Twilio is partly configured: set TWILIO_AUTH_TOKEN too (or remove TWILIO_ACCOUNT_SID)")
        let onlyCallbacks = try error(["TWILIO_STATUS_CALLBACKS": "false"])
        #expect(
            onlyCallbacks.description
                == "Twilio is partly configured: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN "
                + "too (or remove TWILIO_STATUS_CALLBACKS)")
        #expect(onlyCallbacks.setting == "TWILIO_ACCOUNT_SID")
    }

    @Test func twilioWithoutThePublicURLStartsWithOneWarning() throws {
        var environment = Self.twilio
        environment["PUBLIC_URL"] = nil
        let configuration = try Configuration.load(environment: environment)
        #expect(configuration.twilio != nil)
        #expect(configuration.warnings.count == 1)
        #expect(
            configuration.warnings.first?.hasPrefix("PUBLIC_URL is not set: Twilio's signatures are checked") == true)
    }

    @Test(
        arguments: [
            ("TWILIO_ACCOUNT_SID", "AC123"), ("TWILIO_ACCOUNT_SID", "XX0123456789abcdef0123456789abcdef"),
            ("TWILIO_ACCOUNT_SID", "AC0123456789abcdef0123456789abcdeg"), ("TWILIO_WHATSAPP_FROM", "+123"),
            ("TWILIO_WHATSAPP_FROM", "whatsapp:14155238886"), ("TWILIO_WHATSAPP_FROM", "sms:+14155238886"),
            ("TWILIO_MESSAGING_SERVICE_SID", "MG123"), ("TWILIO_API_BASE_URL", "api.twilio.com"),
        ])
    func invalidTwilioValue(name: String, value: String) throws {
        var environment = Self.twilio
        environment[name] = value
        let error = try error(environment)
        #expect(error.setting == name)
        #expect(error.description.hasPrefix("\(name) must be "))
    }

    // MARK: OpenAI-compatible model

    @Test func anAPIKeyTurnsOpenAIOn() throws {
        let configuration = try Configuration.load(environment: ["OPENAI_API_KEY": "sk-test"])
        let openAI = try #require(configuration.openAI)
        #expect(openAI.apiKey == "sk-test")
        #expect(openAI.baseURL.absoluteString == "https://api.openai.com/v1" && openAI.baseURLIsOpenAI)
        #expect(openAI.model == "gpt-4o-mini" && openAI.assistantID == nil)
        let models = configuration.models
        #expect(models.chain == [.openai])
        #expect(models.timeout == .seconds(60) && models.maxAttempts == 3)
        #expect(models.maxOutputTokens == nil && models.temperature == nil)
    }

    @Test func aLocalServerNeedsNoKey() throws {
        let configuration = try Configuration.load(environment: [
            "OPENAI_BASE_URL": "http://localhost:11434/v1/", "OPENAI_MODEL": "llama3.2",
        ])
        let openAI = try #require(configuration.openAI)
        #expect(openAI.apiKey == nil && !openAI.baseURLIsOpenAI)
        #expect(openAI.baseURL.absoluteString == "http://localhost:11434/v1")
        // Local servers implement Chat Completions, not Responses.
        #expect(configuration.models.chain == [.openaiChat])
        #expect(configuration.warnings.isEmpty)
    }

    @Test func openAIsOwnHostNeedsAKey() throws {
        let error = try error(["OPENAI_BASE_URL": "https://API.openai.com/v1"])
        #expect(error.setting == "OPENAI_API_KEY")
        #expect(error.description.hasPrefix("OPENAI_API_KEY is required when OPENAI_BASE_URL is OpenAI's own API"))
    }

    @Test func modelTuning() throws {
        let configuration = try Configuration.load(environment: [
            "OPENAI_API_KEY": "sk-test", "OPENAI_MODEL": "gpt-4.1", "LLM_TIMEOUT_SECONDS": "20",
            "LLM_MAX_ATTEMPTS": "5", "LLM_MAX_OUTPUT_TOKENS": "500", "LLM_TEMPERATURE": "0.7",
        ])
        let models = configuration.models
        #expect(configuration.openAI?.model == "gpt-4.1" && models.timeout == .seconds(20) && models.maxAttempts == 5)
        #expect(models.maxOutputTokens == 500 && models.temperature == 0.7)
    }

    @Test func assistantIDAlias() throws {
        let alias = try Configuration.load(environment: ["OPENAI_API_KEY": "k", "ASSISTANT_ID": "asst_1"])
        #expect(alias.openAI?.assistantID == "asst_1")
        // Someone coming from an Assistant is told, in one line, that it is gone and what replaces it.
        #expect(alias.warnings == [OpenAIConfiguration.assistantsGone])
        #expect(OpenAIConfiguration.assistantsGone.contains("SYSTEM_PROMPT"))
        #expect(OpenAIConfiguration.assistantsGone.contains("OPENAI_MODEL"))
        #expect(!OpenAIConfiguration.assistantsGone.contains("\n"))
        let both = try Configuration.load(environment: [
            "OPENAI_API_KEY": "k", "ASSISTANT_ID": "asst_1", "OPENAI_ASSISTANT_ID": "asst_2",
        ])
        #expect(both.openAI?.assistantID == "asst_2")
        #expect(both.warnings.contains("ASSISTANT_ID is ignored: OPENAI_ASSISTANT_ID is set and wins"))
    }

    @Test func tuningWithoutAModelIsAWarning() throws {
        let configuration = try Configuration.load(environment: ["OPENAI_MODEL": "gpt-4.1"])
        #expect(configuration.openAI == nil)
        #expect(configuration.warnings.first?.hasPrefix("OPENAI_MODEL ignored: OpenAI is not configured") == true)
        #expect(!configuration.models.isConfigured)
    }

    // MARK: choosing providers

    @Test func geminiAloneIsChosen() throws {
        let configuration = try Configuration.load(environment: ["GEMINI_API_KEY": "g-key"])
        #expect(configuration.models.chain == [.gemini])
        let gemini = try #require(configuration.gemini)
        #expect(gemini.model == "gemini-2.5-flash")
        #expect(gemini.baseURL.absoluteString == "https://generativelanguage.googleapis.com/v1beta")
        #expect(!configuration.redactedDescription().contains("g-key"))
    }

    @Test func anExplicitProviderAndAFallbackChain() throws {
        let configuration = try Configuration.load(environment: [
            "OPENAI_API_KEY": "k", "GEMINI_API_KEY": "g", "LLM_PROVIDER": "openai-chat",
            "LLM_FALLBACK": " gemini , openai ",
        ])
        #expect(configuration.models.chain == [.openaiChat, .gemini, .openai])
        #expect(configuration.summary["LLM_FALLBACK"] == "gemini,openai")
    }

    @Test func aProviderMustBeConfiguredToBeNamed() throws {
        let noGemini = try error(["OPENAI_API_KEY": "k", "LLM_PROVIDER": "gemini"])
        #expect(noGemini.setting == "LLM_PROVIDER")
        #expect(noGemini.description == "LLM_PROVIDER is gemini, but GEMINI_API_KEY is not set")
        let responsesNeedAKey = try error(["OPENAI_BASE_URL": "http://localhost:8000/v1", "LLM_PROVIDER": "openai"])
        #expect(responsesNeedAKey.description.hasPrefix("LLM_PROVIDER is openai, but OPENAI_API_KEY is not set"))
        #expect(try error(["OPENAI_API_KEY": "k", "LLM_PROVIDER": "claude"]).setting == "LLM_PROVIDER")
        #expect(try error(["OPENAI_API_KEY": "k", "LLM_FALLBACK": "gemini"]).setting == "LLM_FALLBACK")
        #expect(try error(["OPENAI_API_KEY": "k", "LLM_FALLBACK": "bard"]).setting == "LLM_FALLBACK")
    }

    // MARK: cost guards

    @Test func budgetsPricesAndTheKillSwitch() throws {
        let configuration = try Configuration.load(environment: [
            "OPENAI_API_KEY": "k", "CONTACT_DAILY_TOKEN_BUDGET": "20000", "MONTHLY_TOKEN_BUDGET": "5000000",
            "CONTACT_DAILY_BUDGET_USD": "0.25", "MONTHLY_BUDGET_USD": "40",
            "BUDGET_TIME_ZONE": "America/Manaus",
            "LLM_PRICES":
                "gpt-4o-mini=0.15/0.60, gemini-2.5-flash=0.3/2.5, gpt-realtime=4/16/32/64, whisper-1=0.006/min, "
                + "tts-1=15/Mchars",
            "LLM_DISABLED": "yes",
        ])
        let models = configuration.models
        #expect(models.budgets.contactDailyTokens == 20000 && models.budgets.monthlyTokens == 5_000_000)
        #expect(models.budgets.contactDailyDollars == 0.25 && models.budgets.monthlyDollars == 40)
        #expect(models.budgets.timeZone.identifier == "America/Manaus")
        #expect(models.prices.byModel["gpt-4o-mini"] == .tokens(input: 0.15, output: 0.60))
        #expect(models.prices.byModel["gpt-realtime"] == .tokens(input: 4, output: 16, audioInput: 32, audioOutput: 64))
        #expect(models.prices.byModel["whisper-1"] == .perMinute(0.006))
        #expect(models.prices.byModel["tts-1"] == .perMillionCharacters(15))
        #expect(
            models.prices.cost(model: "gemini-2.5-flash", usage: TokenUsage(inputTokens: 1_000_000, outputTokens: 0))
                == 0.3)
        #expect(models.disabled)
        let defaults = try Configuration.load(environment: ["OPENAI_API_KEY": "k"]).models
        #expect(defaults.budgets.contactDailyTokens == 0 && defaults.budgets.monthlyTokens == 0 && !defaults.disabled)
        #expect(defaults.budgets.contactDailyDollars == 0 && defaults.budgets.monthlyDollars == 0)
        #expect(defaults.budgets.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: 1_795_314_600)) == -10_800)
        #expect(try error(["OPENAI_API_KEY": "k", "BUDGET_TIME_ZONE": "Brasil/Sampa"]).setting == "BUDGET_TIME_ZONE")
        for wrong in ["gpt-4o=cheap", "gpt-4o=1/2/3", "whisper-1=0.006/hour", "tts-1=-1/Mchars", "=1/2", "x=1/"] {
            #expect(try error(["OPENAI_API_KEY": "k", "LLM_PRICES": wrong]).setting == "LLM_PRICES", "\(wrong)")
        }
        #expect(try error(["OPENAI_API_KEY": "k", "MONTHLY_BUDGET_USD": "-1"]).setting == "MONTHLY_BUDGET_USD")
    }
}
