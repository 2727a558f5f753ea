import Foundation
import TagarelaCore
import Testing

@testable import TagarelaServer

extension ConfigurationTests {
    @Test func realtimeVoiceIsOffByDefaultAndItsAddressMustBeSafe() throws {
        let defaults = try Configuration.load(environment: ["OPENAI_API_KEY": "sk-real-key-1234"])
        #expect(defaults.realtime.pipeline == .classic && defaults.realtime.model == "gpt-realtime")
        #expect(defaults.realtime.baseURL.absoluteString == "wss://api.openai.com/v1/realtime")
        #expect(defaults.realtime.apiKey == "sk-real-key-1234")
        #expect(defaults.summary["VOICE_PIPELINE"] == "classic")
        #expect(defaults.summary["REALTIME_ANSWER_TIMEOUT_SECONDS"] == "60")
        let set = try Configuration.load(environment: [
            "VOICE_PIPELINE": "realtime", "REALTIME_API_KEY": "sk-realtime-key-5678", "REALTIME_VOICE": "cedar",
            "REALTIME_BASE_URL": "ws://127.0.0.1:8765/v1/realtime/", "REALTIME_CONNECT_TIMEOUT_SECONDS": "3",
        ])
        #expect(set.realtime.pipeline == .realtime && set.realtime.voice == "cedar")
        #expect(set.realtime.baseURL.absoluteString == "ws://127.0.0.1:8765/v1/realtime")
        #expect(set.realtime.connectTimeout == .seconds(3))
        #expect(!set.redactedDescription().contains("sk-realtime-key-5678"))
        // No transcription: nothing hears the notes, and realtime would have no fallback.
        #expect(set.warnings.contains { $0.hasPrefix("VOICE_PIPELINE=realtime is ignored") })
        #expect(!defaults.warnings.contains { $0.hasPrefix("VOICE_PIPELINE") })
        // The key travels in the upgrade request: plain ws:// only where it stays on this machine.
        for url in ["ws://api.example.com/v1/realtime", "https://api.openai.com/v1/realtime", "wss://"] {
            #expect(throws: ConfigurationError.self) {
                try Configuration.load(environment: ["OPENAI_API_KEY": "sk-real-key-1234", "REALTIME_BASE_URL": url])
            }
        }
        #expect(throws: ConfigurationError.self) { try Configuration.load(environment: ["VOICE_PIPELINE": "realtime"]) }
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(environment: ["OPENAI_API_KEY": "sk-real-key-1234", "VOICE_PIPELINE": "fast"])
        }
    }
}
