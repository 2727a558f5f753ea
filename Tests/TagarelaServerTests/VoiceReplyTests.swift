import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaCore
import TagarelaFakes
import Testing

/// A voice note answered by a voice note, on each channel, from the fake speech API through the served link
/// (Twilio) or the media upload (Meta).
@Suite("Voice notes are answered with voice notes", .timeLimit(.minutes(3)))
struct VoiceReplyTests {
    func settings(_ world: TestWorld, _ extra: [String: String] = [:]) -> [String: String] {
        [
            "TRANSCRIPTION_PROVIDER": "openai", "TRANSCRIPTION_BASE_URL": world.openAI.baseURL,
            "TTS_PROVIDER": "openai", "TTS_BASE_URL": world.openAI.baseURL, "LLM_MAX_ATTEMPTS": "1",
        ].merging(extra) { $1 }
    }

    @Test("Twilio: the answer is spoken, kept, and sent as a MediaUrl Twilio can fetch")
    func twilio() async throws {
        try await TestWorld.with { world in
            let mediaURL = await world.twilio.media(bytes: try VoiceNoteTests.note(), contentType: "audio/ogg")
            await world.openAI.enqueueAudio([.transcript(VoiceNoteTests.said), .speech])
            try await world.withServer(settings(world)) { client in
                try await Webhook.post(client, VoiceNoteTests.twilioVoice(mediaURL))
                let sent = try await world.twilio.waitForSent(count: 1)
                #expect(sent[0].body == nil || sent[0].body == "")
                let link = try #require(sent[0].mediaURLs.first)
                #expect(link.hasPrefix(TestWorld.publicURL + "/media/") && link.hasSuffix(".ogg"))
                // What Twilio would fetch: the note, served by the server itself.
                let path = String(link.dropFirst(TestWorld.publicURL.count))
                let served = try await client.execute(uri: path, method: .get)
                #expect(served.status == .ok && served.headers[.contentType] == "audio/ogg")
                #expect(Data(served.body.readableBytesView).starts(with: Data("OggS".utf8)))
            }
            let speech = try #require(await world.openAI.audioRequests().last)
            #expect(
                speech.responseFormat == "opus" && speech.input == "Resposta para: [voice note] \(VoiceNoteTests.said)")
        }
    }

    @Test("Meta: the note is uploaded, then sent as audio by id with voice: true; text asked for gets text")
    func meta() async throws {
        try await TestWorld.with { world in
            await world.graph.media(id: "3037543291543638", bytes: try VoiceNoteTests.note(), mimeType: "audio/ogg")
            await world.openAI.enqueueAudio([.transcript(VoiceNoteTests.said), .speech])
            try await world.withServer(settings(world, ["VOICE_REPLY_WITH_TEXT": "true"])) { client in
                let voice = MetaHook.voice(mediaID: "3037543291543638")
                try await MetaHook.post(client, MetaHook.delivery(messages: [voice]))
                let sent = try await world.graph.waitForSent(count: 2)
                #expect(sent[0].type == "audio" && sent[0].voice == true)
                let upload = try #require(await world.graph.uploads().first)
                #expect(sent[0].audioID == upload.id && upload.type == "audio/ogg" && upload.filename == "voice.ogg")
                #expect(upload.bytes.starts(with: Data("OggS".utf8)))
                // VOICE_REPLY_WITH_TEXT: the text follows the note.
                #expect(sent[1].type == "text" && sent[1].textBody?.hasPrefix("Resposta para:") == true)
                // A typed message is answered in text (in-kind).
                try await MetaHook.post(client, MetaHook.delivery(messages: [MetaHook.text("Obrigado")]))
                let after = try await world.graph.waitForSent(count: 3)
                #expect(after[2].type == "text")
            }
        }
    }

    @Test("a failed synthesis answers in text")
    func speechFails() async throws {
        try await TestWorld.with { world in
            let mediaURL = await world.twilio.media(bytes: try VoiceNoteTests.note(), contentType: "audio/ogg")
            await world.openAI.enqueueAudio([
                .transcript(VoiceNoteTests.said),
                .error(status: 429, code: "insufficient_quota", type: "insufficient_quota", message: "No credits"),
            ])
            try await world.withServer(settings(world)) { client in
                try await Webhook.post(client, VoiceNoteTests.twilioVoice(mediaURL))
                let sent = try await world.twilio.waitForSent(count: 1)
                #expect(sent[0].body == "Resposta para: [voice note] \(VoiceNoteTests.said)")
                #expect(sent[0].mediaURLs.isEmpty)
            }
        }
    }
}
