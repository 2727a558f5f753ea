import Foundation
import TagarelaCore
import TagarelaFakes
import TagarelaServer
import Testing

/// The doctor's transcription, speech and embeddings lines on an OpenAI-compatible server: each lists its own model
/// with its own key, and each fails alone on a wrong key, a model the server does not list, or a closed port.
@Suite("tagarela doctor: transcription, speech and embeddings on OpenAI", .timeLimit(.minutes(2)))
struct DoctorOpenAIVoiceTests {
    /// A part's line name, its settings prefix, and a model the fake lists.
    static let parts = [
        (line: "transcription", prefix: "TRANSCRIPTION", model: "whisper-1"),
        (line: "speech", prefix: "TTS", model: "tts-1"),
        (line: "embeddings", prefix: "EMBEDDINGS", model: "text-embedding-3-large"),
    ]

    static func settings(base: String, key: String, model: String? = nil) -> [String: String] {
        var settings: [String: String] = [:]
        for part in parts {
            let provider = part.prefix == "TTS" ? "TTS_PROVIDER" : "\(part.prefix)_PROVIDER"
            settings[provider] = "openai"
            settings["\(part.prefix)_BASE_URL"] = base
            settings["\(part.prefix)_API_KEY"] = key
            settings["\(part.prefix)_MODEL"] = model ?? part.model
        }
        return settings
    }

    @Test func eachListsItsModelWithItsKey() async throws {
        try await FakeOpenAI.start(apiKey: "sk-voice").whileRunning { openAI in
            let lines = await DoctorTests.examine(Self.settings(base: openAI.baseURL, key: "sk-voice"))
            for part in Self.parts {
                let line = try #require(lines[part.line], "\(part.line)")
                #expect(line.outcome.mark == "✓" && line.description.contains(part.model), "\(line)")
            }
            let requests = await openAI.requests()
            #expect(requests.count == 3 && requests.allSatisfy { $0.method == "GET" && $0.path == "/v1/models" })
            #expect(requests.allSatisfy { $0.headers["authorization"] == "Bearer sk-voice" })
        }
    }

    @Test func aWrongKeyFailsEachAndNamesItsSetting() async throws {
        try await FakeOpenAI.start(apiKey: "sk-voice").whileRunning { openAI in
            let lines = await DoctorTests.examine(Self.settings(base: openAI.baseURL, key: "sk-stale"))
            for part in Self.parts {
                let line = try #require(lines[part.line], "\(part.line)")
                #expect(line.outcome.isFailure && line.description.contains("invalid_api_key"), "\(line)")
                #expect(line.description.contains("\(part.prefix)_API_KEY") && !line.description.contains("sk-stale"))
            }
        }
    }

    @Test func aModelTheServerDoesNotListFailsNamingItsSetting() async throws {
        try await FakeOpenAI.start(apiKey: "sk-voice").whileRunning { openAI in
            let lines = await DoctorTests.examine(
                Self.settings(base: openAI.baseURL, key: "sk-voice", model: "no-such-model"))
            for part in Self.parts {
                let line = try #require(lines[part.line], "\(part.line)")
                #expect(line.outcome.isFailure && line.description.contains("\(part.prefix)_MODEL"), "\(line)")
            }
        }
    }

    @Test func aClosedPortFailsEach() async throws {
        let closed = try ClosedPort()
        let lines = await DoctorTests.examine(Self.settings(base: "http://127.0.0.1:\(closed.port)/v1", key: "sk"))
        for part in Self.parts {
            #expect(lines[part.line]?.outcome.isFailure == true, "\(String(describing: lines[part.line]))")
        }
    }
}
