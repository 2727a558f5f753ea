import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import TagarelaCore
import TagarelaFakes
import TagarelaSQLite
import Testing

/// Voice notes on a running server: downloaded from each channel, transcribed, answered in text.
@Suite("Voice notes are heard and answered", .timeLimit(.minutes(3)))
struct VoiceNoteTests {
    static let said = "Olá, tudo bem? Eu gostaria de marcar uma consulta."

    /// The real Portuguese voice note of `Tests/Fixtures/voice`.
    static func note() throws -> [UInt8] {
        Array(try Fixtures.portugueseVoiceNote())
    }

    func settings(_ world: TestWorld, echo: Bool = false) -> [String: String] {
        [
            "TRANSCRIPTION_PROVIDER": "openai", "TRANSCRIPTION_BASE_URL": world.openAI.baseURL,
            "TRANSCRIPTION_LANGUAGE": "pt", "VOICE_ECHO_TRANSCRIPT": String(echo), "LLM_MAX_ATTEMPTS": "1",
        ]
    }

    /// A Twilio webhook carrying one voice note at `mediaURL`.
    static func twilioVoice(_ mediaURL: String) -> [(String, String)] {
        Webhook.text("", extra: [("MediaUrl0", mediaURL), ("MediaContentType0", "audio/ogg")])
            .map { $0.0 == "NumMedia" ? ("NumMedia", "1") : $0 }
    }

    @Test(
        "Twilio: the note is fetched with its credentials only on the API host, heard in Portuguese, echoed, answered")
    func twilioVoiceNote() async throws {
        try await TestWorld.with { world in
            let bytes = try Self.note()
            let mediaURL = await world.twilio.media(bytes: bytes, contentType: "audio/ogg")
            await world.openAI.enqueueAudio([.transcript(Self.said)])
            try await world.withServer(settings(world, echo: true)) { client in
                try await Webhook.post(client, Self.twilioVoice(mediaURL))
                let sent = try await world.twilio.waitForSent(count: 2)
                #expect(sent[0].body == "🎤 Entendi: “\(Self.said)”")
                #expect(sent[1].body == "Resposta para: [voice note] \(Self.said)")
                // The contact's note is kept for the dashboard: behind the admin token, never at the public link.
                let messages = try await ConversationSQLiteStore(path: world.databasePath).messages(contactID: 1)
                let kept = try #require(messages.first { $0.kind == "audio" }?.media?.storedID)
                #expect(try await client.execute(uri: "/media/\(kept).ogg", method: .get).status == .notFound)
                let played = try await client.execute(
                    uri: "/api/media/\(kept)", method: .get, headers: [.authorization: "Bearer \(TestWorld.adminToken)"]
                )
                #expect(played.status == .ok && played.headers[.contentType] == "audio/ogg")
                #expect(try await client.execute(uri: "/api/media/\(kept)", method: .get).status == .unauthorized)
            }
            let upload = try #require(await world.openAI.audioRequests().first)
            #expect(upload.filename == "voice.ogg" && upload.language == "pt" && upload.fileBytes == Data(bytes))
            #expect(await world.twilio.cdnRequests().allSatisfy { $0.authorization == nil })
            let store = try ConversationSQLiteStore(path: world.databasePath)
            let message = try #require(try await store.messages(contactID: 1).first { $0.kind == "audio" })
            #expect(message.text == Self.said && message.media?.transcript == Self.said)
            let kept = try #require(message.media?.storedID)
            #expect(message.media?.durationMilliseconds ?? 0 > 1000)
            let database = try DatabaseQueue(path: world.databasePath)
            let voice = try await database.read { try String.fetchOne($0, sql: "SELECT voice FROM turns") }
            #expect(voice?.contains("\"bytes\":\(bytes.count)") == true)
            #expect(voice?.contains("audioMilliseconds") == true)
            _ = kept
        }
    }

    @Test("Meta: the note is looked up by id, heard, and the next text turn remembers it")
    func metaVoiceNote() async throws {
        try await TestWorld.with { world in
            await world.graph.media(id: "1037543291543636", bytes: try Self.note(), mimeType: "audio/ogg; codecs=opus")
            await world.openAI.enqueueAudio([.transcript(Self.said)])
            try await world.withServer(settings(world)) { client in
                let voice = MetaHook.voice(mediaID: "1037543291543636")
                try await MetaHook.post(client, MetaHook.delivery(messages: [voice]))
                let sent = try await world.graph.waitForSent(count: 1)
                #expect(sent[0].textBody == "Resposta para: [voice note] \(Self.said)")
                try await MetaHook.post(client, MetaHook.delivery(messages: [MetaHook.text("E amanhã?")]))
                _ = try await world.graph.waitForSent(count: 2)
            }
            let last = try #require(await world.openAI.requests().last)
            #expect(last.messages.contains { $0.content == "[voice note] \(Self.said)" })
        }
    }

    @Test("a note that cannot be heard gets a friendly reply, and later messages are answered")
    func failures() async throws {
        try await TestWorld.with { world in
            let mediaURL = await world.twilio.media(bytes: try Self.note(), contentType: "audio/ogg")
            await world.openAI.enqueueAudio([
                .error(status: 500, code: nil, type: "server_error", message: "The server had an error")
            ])
            try await world.withServer(settings(world)) { client in
                try await Webhook.post(client, Self.twilioVoice(mediaURL))
                let first = try await world.twilio.waitForSent(count: 1)
                #expect(first[0].body?.hasPrefix("Não consegui ouvir o seu áudio") == true)
                // A URL a webhook merely names, off the Twilio API host, is never fetched.
                try await Webhook.post(client, Self.twilioVoice("https://evil.example.com/note.ogg"))
                let second = try await world.twilio.waitForSent(count: 2)
                #expect(second[1].body?.hasPrefix("Não consegui ouvir o seu áudio") == true)
                try await Webhook.post(client, Webhook.text("Vou escrever então"))
                let third = try await world.twilio.waitForSent(count: 3)
                // The notes not heard stay in memory as what they were: `[audio]`.
                #expect(third[2].body?.hasSuffix("[audio]\nVou escrever então") == true)
            }
            #expect(await world.openAI.audioRequests().count == 1)
        }
    }

    @Test("Gemini hears a Meta voice note inline; Gemini also answers it")
    func geminiHearsMeta() async throws {
        try await TestWorld.with { world in
            let bytes = try Self.note()
            await world.graph.media(id: "2037543291543637", bytes: bytes, mimeType: "audio/ogg; codecs=opus")
            await world.gemini.enqueue([.text(Self.said)])
            let settings = [
                "TRANSCRIPTION_PROVIDER": "gemini", "TRANSCRIPTION_LANGUAGE": "pt", "LLM_PROVIDER": "gemini",
            ]
            try await world.withServer(settings) { client in
                let voice = MetaHook.voice(mediaID: "2037543291543637")
                try await MetaHook.post(client, MetaHook.delivery(messages: [voice]))
                let sent = try await world.graph.waitForSent(count: 1)
                #expect(sent[0].textBody == "Resposta para: [voice note] \(Self.said)")
            }
            let requests = await world.gemini.requests()
            #expect(requests.count == 2 && requests.allSatisfy { $0.rejection == nil })
            #expect(requests[0].inlineData.first?.bytes == Data(bytes))
            #expect(requests[1].inlineData.isEmpty)
            #expect(await world.openAI.audioRequests().isEmpty)
        }
    }

    @Test(
        "a note longer than MAX_VOICE_NOTE_SECONDS is neither kept nor transcribed, even when its last page lies",
        arguments: [false, true])
    func tooLong(lying: Bool) async throws {
        try await TestWorld.with { world in
            let note = lying ? Array(FakeAudio.lyingAboutItsLength(Data(try Self.note()))) : try Self.note()
            let mediaURL = await world.twilio.media(bytes: note, contentType: "audio/ogg")
            try await world.withServer(settings(world).merging(["MAX_VOICE_NOTE_SECONDS": "2"]) { $1 }) { client in
                try await Webhook.post(client, Self.twilioVoice(mediaURL))
                let sent = try await world.twilio.waitForSent(count: 1)
                #expect(sent[0].body?.hasPrefix("Não consegui ouvir o seu áudio") == true)
                try await client.settled()
            }
            #expect(await world.openAI.audioRequests().isEmpty)
            let database = try DatabaseQueue(path: world.databasePath)
            #expect(try await database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM media") } == 0)
        }
    }

    @Test("the kill switch and the budgets come before transcription: a note costs nothing when no model may run")
    func guardsComeBeforeTranscription() async throws {
        try await TestWorld.with { world in
            let mediaURL = await world.twilio.media(bytes: try Self.note(), contentType: "audio/ogg")
            try await world.withServer(settings(world).merging(["LLM_DISABLED": "true"]) { $1 }) { client in
                try await Webhook.post(client, Self.twilioVoice(mediaURL))
                let sent = try await world.twilio.waitForSent(count: 1)
                #expect(sent[0].body?.hasPrefix("Estou em pausa") == true)
            }
            #expect(await world.openAI.audioRequests().isEmpty)
        }
        try await TestWorld.with { world in
            let mediaURL = await world.twilio.media(bytes: try Self.note(), contentType: "audio/ogg")
            // The first text turn spends the contact's day (the fake counts about 17 tokens).
            try await world.withServer(settings(world).merging(["CONTACT_DAILY_TOKEN_BUDGET": "10"]) { $1 }) {
                client in
                try await Webhook.post(client, Webhook.text("Oi"))
                _ = try await world.twilio.waitForSent(count: 1)
                try await Webhook.post(client, Self.twilioVoice(mediaURL))
                let sent = try await world.twilio.waitForSent(count: 2)
                #expect(sent[1].body?.hasPrefix("Por hoje já conversamos bastante") == true)
            }
            #expect(await world.openAI.audioRequests().isEmpty)
        }
    }

    @Test("past the contact's daily media quota a note is refused politely: neither kept nor heard, and counted")
    func mediaQuota() async throws {
        try await TestWorld.with { world in
            let first = await world.twilio.media(bytes: try Self.note(), contentType: "audio/ogg")
            let second = await world.twilio.media(bytes: try Self.note(), contentType: "audio/ogg")
            await world.openAI.enqueueAudio([.transcript(Self.said)])
            try await world.withServer(settings(world).merging(["MEDIA_DAILY_LIMIT": "1"]) { $1 }) { client in
                try await Webhook.post(client, Self.twilioVoice(first))
                _ = try await world.twilio.waitForSent(count: 1)
                try await Webhook.post(client, Self.twilioVoice(second))
                let sent = try await world.twilio.waitForSent(count: 2)
                #expect(sent[1].body?.hasPrefix("Hoje já recebi muitos arquivos seus") == true)
                let scrape = try await client.scrape(until: #"tagarela_media_refused_total{reason="quota"}"#, is: 1)
                #expect(scrape[#"tagarela_media_refused_total{reason="too_long"}"#] == nil)
            }
            #expect(await world.openAI.audioRequests().count == 1)
            let database = try DatabaseQueue(path: world.databasePath)
            #expect(try await database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM media") } == 1)
        }
    }
}
