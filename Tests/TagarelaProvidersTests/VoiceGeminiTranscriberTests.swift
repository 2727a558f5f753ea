import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

@Suite("GeminiTranscriber against FakeGemini", .timeLimit(.minutes(3)))
struct VoiceGeminiTranscriberTests {
    let base = GeminiProviderTests()

    func transcriber(_ fake: FakeGemini, maxAttempts: Int = 3) -> GeminiTranscriber {
        GeminiTranscriber(gemini: base.provider(fake.baseURL, maxAttempts: maxAttempts, temperature: 0))
    }

    @Test("the voice note goes inline as audio/ogg with the instruction and the language hint")
    func inlineAudio() async throws {
        try await base.withFake { fake in
            await fake.enqueue([.text(" Olá, tudo bem? \n")])
            let clip = try VoiceFixtures.portugueseNote()
            let transcript = try await transcriber(fake).transcribe(clip, languageHint: "pt")
            #expect(transcript.text == "Olá, tudo bem?" && transcript.provider == "gemini-transcription")
            let request = try #require(await fake.requests().first)
            #expect(request.rejection == nil && request.apiKey == GeminiProviderTests.key)
            #expect(request.inlineData.map(\.mimeType) == ["audio/ogg"])
            #expect(request.inlineData.first?.bytes == clip.bytes)
            #expect(request.lastUserText?.contains("word for word") == true)
            #expect(request.lastUserText?.hasSuffix("It is probably in pt.") == true)
            #expect(request.temperature == 0)
        }
    }

    @Test("an answer with no words, an empty clip, and a server that keeps failing are errors")
    func failures() async throws {
        try await base.withFake { fake in
            await fake.enqueue([.text("")])
            let clip = try VoiceFixtures.portugueseNote()
            await #expect(throws: VoiceError.self) { try await transcriber(fake).transcribe(clip, languageHint: nil) }
            await #expect(throws: VoiceError.self) {
                try await transcriber(fake).transcribe(
                    AudioClip(bytes: Data(), contentType: "audio/ogg"), languageHint: nil)
            }
            await fake.enqueue([.error(status: 503, rpcStatus: "UNAVAILABLE", message: "overloaded")])
            let error = await #expect(throws: VoiceError.self) {
                try await transcriber(fake, maxAttempts: 1).transcribe(clip, languageHint: nil)
            }
            #expect(error?.isRetryable == true)
        }
    }

    @Test("the fake refuses inline data it cannot read")
    func fakeIsStrict() async throws {
        try await base.withFake { fake in
            let body: JSONValue = [
                "contents": [
                    ["role": "user", "parts": [["inlineData": ["mimeType": "audio/x-nope", "data": "AQID"]]]]
                ]
            ]
            // An unreadable type is refused with Gemini's wording.
            let provider = base.provider(fake.baseURL)
            let data = try JSONEncoder().encode(body)
            await #expect(throws: (any Error).self) { try await provider.attemptReply(body: data) }
            #expect(await fake.requests().last?.rejection?.contains("Unsupported MIME type") == true)
        }
    }
}
