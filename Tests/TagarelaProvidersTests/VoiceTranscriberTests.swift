import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

@Suite("OpenAITranscriber against FakeOpenAI's audio endpoint", .timeLimit(.minutes(3)))
struct VoiceTranscriberTests {
    func transcriber(
        _ baseURL: String, apiKey: String? = "sk-test", model: String = "gpt-4o-transcribe",
        timeout: Duration = testPatience, maxAttempts: Int = 3, maxUploadBytes: Int = OpenAITranscriber.maxUploadBytes,
        maxDuration: Duration? = nil, converter: AudioConverter = AudioConverter(),
        clock: ImmediateTimeSource = ImmediateTimeSource()
    ) -> OpenAITranscriber {
        OpenAITranscriber(
            httpClient: .shared, baseURL: baseURL, apiKey: apiKey, model: model, timeout: timeout,
            retryPolicy: RetryPolicy(maxAttempts: maxAttempts), maxUploadBytes: maxUploadBytes,
            maxDuration: maxDuration, converter: converter, timeSource: clock, logger: VoiceFixtures.logger)
    }

    @Test("the Portuguese voice note goes up as voice.ogg, audio/ogg, with model, language and the key")
    func uploadsTheVoiceNote() async throws {
        let clip = try VoiceFixtures.portugueseNote()
        try await FakeOpenAI.start().whileRunning { fake in
            await fake.enqueueAudio([.transcript("Olá, tudo bem? Eu gostaria de marcar uma consulta.")])
            let transcript = try await transcriber(fake.baseURL).transcribe(clip, languageHint: "pt-BR")
            #expect(transcript.text == "Olá, tudo bem? Eu gostaria de marcar uma consulta.")
            #expect(transcript.provider == "openai-transcription" && transcript.model == "gpt-4o-transcribe")
            #expect(transcript.language == nil)

            let request = try #require(await fake.audioRequests().first)
            #expect(request.rejection == nil)
            #expect(request.path == "/v1/audio/transcriptions")
            #expect(request.headers["content-type"]?.hasPrefix("multipart/form-data; boundary=") == true)
            #expect(request.filename == "voice.ogg")
            #expect(request.fileContentType == "audio/ogg")
            #expect(request.fileBytes == clip.bytes)
            #expect(request.model == "gpt-4o-transcribe")
            #expect(request.language == "pt")
            #expect(request.fields["response_format"] == "json")
            #expect(request.authorization == "Bearer sk-test")
        }
    }

    @Test("a local server without a key gets no Authorization header, and no hint means no language field")
    func noKeyNoHint() async throws {
        try await FakeOpenAI.start(apiKey: nil).whileRunning { fake in
            let transcript = try await transcriber(fake.baseURL, apiKey: nil, model: "whisper-1")
                .transcribe(try VoiceFixtures.portugueseNote(), languageHint: nil)
            #expect(transcript.text == "transcrição de voice.ogg (11770 bytes)")
            let request = try #require(await fake.audioRequests().first)
            #expect(request.authorization == nil)
            #expect(request.fields["language"] == nil)
            #expect(request.model == "whisper-1")
        }
    }

    @Test("the fake refuses the same bytes named .opus with OpenAI's 400, as OpenAI does")
    func fakeRejectsOpusFilename() async throws {
        let clip = try VoiceFixtures.portugueseNote()
        try await FakeOpenAI.start().whileRunning { fake in
            var form = MultipartFormData()
            form.addFile("file", filename: "voice.opus", contentType: "audio/ogg", bytes: clip.bytes)
            form.addField("model", "gpt-4o-transcribe")
            let body = form.encoded()
            var request = HTTPClientRequest(url: fake.baseURL + "/audio/transcriptions")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer sk-test")
            request.headers.add(name: "Content-Type", value: form.contentType)
            request.body = .bytes(body)
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            let answer = try await response.body.collect(upTo: 1 << 16)
            #expect(response.status.code == 400)
            let envelope = try #require(
                try JSONSerialization.jsonObject(with: Data(answer.readableBytesView)) as? [String: [String: Any]])
            #expect(envelope["error"]?["message"] as? String == "Unsupported file format opus")
            #expect(envelope["error"]?["type"] as? String == "invalid_request_error")
            #expect(await fake.audioRequests().first?.rejection == "Unsupported file format opus")
        }
    }

    @Test("audio/opus content is still uploaded as voice.ogg, and the fake accepts it")
    func opusContentTypeBecomesOgg() async throws {
        var clip = try VoiceFixtures.portugueseNote()
        clip.contentType = "audio/opus"
        try await FakeOpenAI.start().whileRunning { fake in
            _ = try await transcriber(fake.baseURL).transcribe(clip, languageHint: "pt")
            let request = try #require(await fake.audioRequests().first)
            #expect(request.filename == "voice.ogg" && request.rejection == nil)
        }
    }

    @Test("a type OpenAI does not read (audio/aac) is converted to OGG/Opus by real ffmpeg before the upload")
    func convertsUnsupportedFormats() async throws {
        try await VoiceFixtures.withTemporaryRoot { root in
            let converter = VoiceFixtures.converter(root: root)
            let wav = try await converter.convert(try VoiceFixtures.portugueseNote(), to: .wav())
            let aac = AudioClip(bytes: wav.bytes, contentType: "audio/aac")  // not on OpenAI's list: converted
            try await FakeOpenAI.start().whileRunning { fake in
                _ = try await transcriber(fake.baseURL, converter: converter).transcribe(aac, languageHint: "pt")
                let request = try #require(await fake.audioRequests().first)
                #expect(request.filename == "voice.ogg" && request.rejection == nil)
                #expect(OggOpus.isOggOpus(try #require(request.fileBytes)))
            }
            #expect(try VoiceFixtures.leftovers(in: root).isEmpty)
        }
    }

    @Test("empty, too large and too long clips are refused before any request")
    func refusedLocally() async throws {
        try await FakeOpenAI.start().whileRunning { fake in
            let note = try VoiceFixtures.portugueseNote()
            await #expect(throws: VoiceError.invalidAudio("the audio is empty")) {
                try await transcriber(fake.baseURL).transcribe(
                    AudioClip(bytes: Data(), contentType: "audio/ogg"), languageHint: nil)
            }
            await #expect(throws: VoiceError.audioTooLarge(bytes: note.bytes.count, limit: 1000)) {
                try await transcriber(fake.baseURL, maxUploadBytes: 1000).transcribe(note, languageHint: nil)
            }
            var long = note
            long.duration = .seconds(1600)
            await #expect(throws: VoiceError.audioTooLong(duration: .seconds(1600), limit: .seconds(1500))) {
                try await transcriber(fake.baseURL, maxDuration: .seconds(1500)).transcribe(long, languageHint: nil)
            }
            #expect(await fake.audioRequests().isEmpty)
        }
    }

    @Test(
        "language hints become ISO-639-1 or are left out",
        arguments: [
            ("pt-BR", "pt"), ("EN_us", "en"), ("es", "es"), ("português", nil), ("", nil), ("yue-HK", nil),
        ] as [(String, String?)])
    func languageHints(hint: String, expected: String?) {
        #expect(OpenAITranscriber.isoLanguage(hint) == expected)
    }
}
