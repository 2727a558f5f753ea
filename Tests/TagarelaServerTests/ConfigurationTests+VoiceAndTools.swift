import Foundation
import TagarelaCore
import Testing

@testable import TagarelaServer

extension ConfigurationTests {
    @Test func transcriptionFollowsOpenAIUnlessALocalServerIsTheOnlyOne() throws {
        let openAI = try Configuration.load(environment: ["OPENAI_API_KEY": "sk-real-key-1234"]).voice
        #expect(openAI.transcription == .openai && openAI.apiKey == "sk-real-key-1234")
        #expect(openAI.baseURL.absoluteString == "https://api.openai.com/v1" && openAI.model == "gpt-4o-transcribe")
        // A local chat server rarely transcribes: off unless a transcription server is named.
        let local = try Configuration.load(environment: ["OPENAI_BASE_URL": "http://localhost:11434/v1"]).voice
        #expect(local.transcription == .none)
        let whisper = try Configuration.load(environment: [
            "OPENAI_BASE_URL": "http://localhost:11434/v1", "TRANSCRIPTION_BASE_URL": "http://localhost:8000/v1",
            "TRANSCRIPTION_MODEL": "Systran/faster-whisper-small", "TRANSCRIPTION_LANGUAGE": "pt",
            "VOICE_ECHO_TRANSCRIPT": "true",
        ]).voice
        #expect(whisper.transcription == .openai && whisper.apiKey == nil && whisper.languageHint == "pt")
        #expect(whisper.baseURL.absoluteString == "http://localhost:8000/v1" && whisper.echoTranscripts)
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(environment: ["TRANSCRIPTION_PROVIDER": "openai"])
        }
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(environment: ["TRANSCRIPTION_PROVIDER": "whisper-cpp"])
        }
        let summary = try Configuration.load(
            environment: ["OPENAI_API_KEY": "sk-real-key-1234", "TRANSCRIPTION_API_KEY": "sk-voice-key-5678"]
        ).redactedDescription()
        #expect(!summary.contains("sk-voice-key-5678") && summary.contains("TRANSCRIPTION_PROVIDER=openai"))
    }

    @Test func toolsAndTimeZones() throws {
        let defaults = try Configuration.load(environment: [:])
        #expect(defaults.tools.enabled == ToolSettings.Name.allCases && defaults.tools.maxSteps == 5)
        #expect(defaults.tools.defaultTimeZone.identifier == "America/Sao_Paulo")
        #expect(
            defaults.turnPolicy.toolConfirmWindow == .seconds(600) && defaults.summary["TOOL_CONFIRM_SECONDS"] == "600")
        #expect(defaults.turnPolicy.texts.confirmTool.hasPrefix("Antes de continuar, preciso da sua confirmação"))
        #expect(defaults.models.budgets.timeZone.identifier == "America/Sao_Paulo")
        let some = try Configuration.load(environment: [
            "LLM_TOOLS": "current_time, handoff_to_human", "DEFAULT_TIME_ZONE": "Europe/Lisbon",
            "LLM_MAX_TOOL_STEPS": "2", "TOOL_TIMEOUT_SECONDS": "3", "TOOL_CONFIRM_SECONDS": "120",
            "BOT_LANGUAGE": "en",
        ])
        #expect(some.turnPolicy.toolConfirmWindow == .seconds(120))
        #expect(some.turnPolicy.texts.confirmTool.hasPrefix("Before I go ahead, I need your confirmation"))
        #expect(some.tools.enabled == [.currentTime, .handoffToHuman] && some.tools.maxSteps == 2)
        #expect(some.tools.timeout == .seconds(3))
        // The budget days follow the default zone unless told otherwise.
        #expect(some.models.budgets.timeZone.identifier == "Europe/Lisbon")
        #expect(try Configuration.load(environment: ["LLM_TOOLS": "none"]).tools.enabled.isEmpty)
        for bad in [
            ["LLM_TOOLS": "send_email"], ["DEFAULT_TIME_ZONE": "Mars/Base"], ["LLM_MAX_TOOL_STEPS": "0"],
            ["TOOL_CONFIRM_SECONDS": "5"], ["TOOL_CONFIRM_SECONDS": "soon"],
        ] {
            #expect(throws: ConfigurationError.self) { try Configuration.load(environment: bad) }
        }
    }

    @Test func conversationsModeSettings() throws {
        let environment = [
            "OPENAI_API_KEY": "sk-real-key-1234", "OPENAI_HISTORY": "conversations",
            "OPENAI_CONVERSATION_MAX_TOKENS": "50000",
        ]
        let openAI = try #require(try Configuration.load(environment: environment).openAI)
        #expect(openAI.history == .conversations && openAI.conversationMaxTokens == 50000)
        let chat = try Configuration.load(
            environment: environment.merging(["LLM_PROVIDER": "openai-chat"]) { $1 })
        #expect(chat.warnings.contains { $0.contains("OPENAI_HISTORY=conversations is ignored") })
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(environment: environment.merging(["OPENAI_HISTORY": "threads"]) { $1 })
        }
    }

    @Test func runningSummariesAreOnUnlessTurnedOffOrOpenAIKeepsTheConversation() throws {
        let openAI = ["OPENAI_API_KEY": "sk-real-key-1234"]
        let plain = try Configuration.load(environment: openAI)
        #expect(plain.turnPolicy.memory.summaryMaxTokens == 500)
        let sized = try Configuration.load(environment: openAI.merging(["MEMORY_SUMMARY_MAX_TOKENS": "800"]) { $1 })
        #expect(sized.turnPolicy.memory.summaryMaxTokens == 800)
        let off = try Configuration.load(environment: openAI.merging(["MEMORY_SUMMARY": "off"]) { $1 })
        #expect(off.turnPolicy.memory.summaryMaxTokens == 0)
        // OpenAI keeps and summarises the conversation itself, and is sent only what is new.
        let kept = try Configuration.load(environment: openAI.merging(["OPENAI_HISTORY": "conversations"]) { $1 })
        #expect(kept.turnPolicy.memory.summaryMaxTokens == 0)
        #expect(kept.summary["MEMORY_SUMMARY"]?.hasPrefix("off (OPENAI_HISTORY=conversations") == true)
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(environment: openAI.merging(["MEMORY_SUMMARY_MAX_TOKENS": "10"]) { $1 })
        }
    }
}
