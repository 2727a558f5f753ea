import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaCore
import TagarelaFakes
import TagarelaSQLite
import Testing

/// `VOICE_PIPELINE=realtime` on a running server: a voice note answered speech to speech by the fake Realtime API,
/// and the classic pipeline answering when the session fails.
@Suite("Voice notes are answered speech to speech", .timeLimit(.minutes(3)))
struct RealtimeVoiceTests {
    func settings(_ world: TestWorld, _ realtime: FakeRealtime) -> [String: String] {
        [
            "VOICE_PIPELINE": "realtime", "REALTIME_BASE_URL": realtime.url.absoluteString,
            "REALTIME_API_KEY": FakeRealtime.apiKey, "REALTIME_VOICE": "marin", "REALTIME_ANSWER_TIMEOUT_SECONDS": "60",
            "REALTIME_CONNECT_TIMEOUT_SECONDS": "60",
            // The classic pipeline, for the fallback.
            "TRANSCRIPTION_PROVIDER": "openai", "TRANSCRIPTION_BASE_URL": world.openAI.baseURL,
            "TRANSCRIPTION_LANGUAGE": "pt", "TTS_PROVIDER": "openai", "TTS_BASE_URL": world.openAI.baseURL,
            "LLM_MAX_ATTEMPTS": "1",
        ]
    }

    @Test("Twilio: one OGG/Opus voice note made from the session's audio; both transcripts stored; no classic call")
    func twilio() async throws {
        try await TestWorld.with { world in
            try await FakeRealtime.start().whileRunning { realtime in
                let script = FakeRealtime.Script()
                let mediaURL = await world.twilio.media(bytes: try VoiceNoteTests.note(), contentType: "audio/ogg")
                try await world.withServer(settings(world, realtime)) { client in
                    try await Webhook.post(client, VoiceNoteTests.twilioVoice(mediaURL))
                    let sent = try await world.twilio.waitForSent(count: 1)
                    // Before asserting that nothing more was sent.
                    try await client.settled()
                    let link = try #require(sent[0].mediaURLs.first)
                    let served = try await client.execute(
                        uri: String(link.dropFirst(TestWorld.publicURL.count)), method: .get)
                    #expect(served.status == .ok && served.headers[.contentType] == "audio/ogg")
                    // The fake's two-second tone, as a voice note.
                    let note = try #require(VoiceNote(oggOpus: Data(served.body.readableBytesView)))
                    let seconds = Double((note.duration ?? .zero).components.seconds)
                    #expect((1...3).contains(seconds))
                    let metrics = try await client.scrape(
                        until: "tagarela_realtime_sessions_total{outcome=\"answered\",reason=\"none\"}", is: 1)
                    #expect(metrics.text.contains("tagarela_realtime_session_duration_seconds"))
                }
                #expect(await world.twilio.sent().count == 1)
                let store = try ConversationSQLiteStore(path: world.databasePath)
                let messages = try await store.messages(contactID: 1)
                let heard = try #require(messages.first { $0.kind == "audio" })
                #expect(heard.text == script.heard && heard.media?.transcript == script.heard)
                #expect(messages.contains { $0.direction == .outbound && $0.text == script.transcript })
                // No classic transcription, model or speech call.
                #expect(await world.openAI.audioRequests().isEmpty)
                #expect(await world.openAI.requests().isEmpty)
                let session = try #require(await realtime.sessions().first)
                #expect(session.query["model"] == "gpt-realtime")
                #expect(session.types.first == "session.update" && session.types.last == "response.create")
                #expect(session.types.contains("input_audio_buffer.commit"))
                // The 6.46 s note as PCM16 at 24 kHz (48,000 bytes a second).
                let pcm = try #require(session.committedAudio.first)
                #expect((300_000...320_000).contains(pcm))
                #expect(session.events.first?["session"]?["audio"]?["output"]?["voice"] == "marin")
                #expect(await realtime.violations().isEmpty)
                let database = try DatabaseQueue(path: world.databasePath)
                let turn = try await database.read {
                    try Row.fetchOne($0, sql: "SELECT provider, model, voice FROM turns")
                }
                #expect(turn?["provider"] == "openai-realtime" && turn?["model"] == "gpt-realtime")
                #expect((turn?["voice"] as String?)?.contains("\"realtime\":\"answered\"") == true)
            }
        }
    }

    @Test("Meta: the session's audio is uploaded and sent as one voice note; the transcript is the reply's text")
    func meta() async throws {
        try await TestWorld.with { world in
            try await FakeRealtime.start().whileRunning { realtime in
                await world.graph.media(id: "4037543291543639", bytes: try VoiceNoteTests.note(), mimeType: "audio/ogg")
                try await world.withServer(settings(world, realtime)) { client in
                    try await MetaHook.post(
                        client, MetaHook.delivery(messages: [MetaHook.voice(mediaID: "4037543291543639")]))
                    let sent = try await world.graph.waitForSent(count: 1)
                    try await client.settled()
                    #expect(sent[0].type == "audio" && sent[0].voice == true)
                    let upload = try #require(await world.graph.uploads().first)
                    #expect(sent[0].audioID == upload.id && upload.type == "audio/ogg")
                    #expect(VoiceNote(oggOpus: upload.bytes) != nil)
                }
                #expect(await world.graph.sent().count == 1)
                let store = try ConversationSQLiteStore(path: world.databasePath)
                let messages = try await store.messages(contactID: 1)
                #expect(messages.contains { $0.direction == .outbound && $0.text == FakeRealtime.Script().transcript })
                #expect(messages.first { $0.kind == "audio" }?.text == FakeRealtime.Script().heard)
                #expect(await world.openAI.requests().isEmpty)
                #expect(await world.openAI.audioRequests().isEmpty)
                #expect(await realtime.violations().isEmpty)
            }
        }
    }

    @Test(
        "each failure of the session: the classic pipeline answers the same note once",
        arguments: FakeRealtime.Failure.allCases)
    func fallback(_ failure: FakeRealtime.Failure) async throws {
        try await TestWorld.with { world in
            var script = FakeRealtime.Script()
            script.failure = failure
            try await FakeRealtime.start(script).whileRunning { realtime in
                let mediaURL = await world.twilio.media(bytes: try VoiceNoteTests.note(), contentType: "audio/ogg")
                await world.openAI.enqueueAudio([.transcript(VoiceNoteTests.said), .speech])
                let reasons: [FakeRealtime.Failure: String] = [
                    .refuseUpgrade: "connect", .errorEvent: "error_event", .stall: "timeout", .closeMidAnswer: "closed",
                ]
                let reason = try #require(reasons[failure])
                // Only the stall waits for the answer timeout; the other failures end the session at once.
                var quick = ["REALTIME_ANSWER_TIMEOUT_SECONDS": failure == .stall ? "1" : "60"]
                quick.merge(DashboardAccessTests.withPassword) { $1 }
                try await world.withServer(settings(world, realtime).merging(quick) { $1 }) { client in
                    try await Webhook.post(client, VoiceNoteTests.twilioVoice(mediaURL))
                    let sent = try await world.twilio.waitForSent(count: 1)
                    // Before asserting that nothing more was sent.
                    try await client.settled()
                    #expect(sent[0].mediaURLs.count == 1)
                    _ = try await client.scrape(
                        until: "tagarela_realtime_sessions_total{outcome=\"fell_back\",reason=\"\(reason)\"}", is: 1)
                    // The overview shows the instance's sessions: none answered, one fallen back, and why.
                    let browser = try await AdminBrowser.loggedIn(client)
                    _ = try await browser.get("/admin")
                    #expect(browser.lastPage.contains(#"id="card-realtime"><div class="value">0 / 1<"#))
                    #expect(browser.lastPage.contains("\(reason) 1"))
                }
                #expect(await world.twilio.sent().count == 1)
                let store = try ConversationSQLiteStore(path: world.databasePath)
                let messages = try await store.messages(contactID: 1)
                #expect(messages.first { $0.kind == "audio" }?.text == VoiceNoteTests.said)
                let answer = "Resposta para: [voice note] \(VoiceNoteTests.said)"
                #expect(messages.filter { $0.direction == .outbound }.map(\.text) == [answer])
                let speech = try #require(await world.openAI.audioRequests().last)
                #expect(speech.input == answer)
                #expect(await realtime.sessions().count == 1)
                let database = try DatabaseQueue(path: world.databasePath)
                let voice = try await database.read { try String.fetchOne($0, sql: "SELECT voice FROM turns") }
                #expect(voice?.contains("\"realtime\":\"\(reason)\"") == true)
            }
        }
    }

    @Test("a tool the model calls inside the session runs through the tool machinery and is recorded with the turn")
    func toolCall() async throws {
        try await TestWorld.with { world in
            var script = FakeRealtime.Script()
            script.toolCall = (name: "current_time", arguments: "{}")
            try await FakeRealtime.start(script).whileRunning { realtime in
                let mediaURL = await world.twilio.media(bytes: try VoiceNoteTests.note(), contentType: "audio/ogg")
                try await world.withServer(settings(world, realtime)) { client in
                    try await Webhook.post(client, VoiceNoteTests.twilioVoice(mediaURL))
                    let sent = try await world.twilio.waitForSent(count: 1)
                    // Before asserting that nothing more was sent.
                    try await client.settled()
                    #expect(sent[0].mediaURLs.count == 1)
                }
                let session = try #require(await realtime.sessions().first)
                let output = try #require(session.events.first { $0["item"]?["type"] == "function_call_output" })
                // The tool's real answer (the time now), as a JSON string.
                let text = try #require(output["item"]?["output"]?.stringValue)
                #expect(JSONValue(parsing: text)?.objectValue != nil)
                #expect(
                    session.events[0]["session"]?["tools"]?.arrayValue?.contains { $0["name"] == "current_time" }
                        == true)
                #expect(await realtime.violations().isEmpty)
                let database = try DatabaseQueue(path: world.databasePath)
                let calls = try await database.read { try String.fetchOne($0, sql: "SELECT tool_calls FROM turns") }
                #expect(calls?.contains("current_time") == true)
            }
        }
    }
}
