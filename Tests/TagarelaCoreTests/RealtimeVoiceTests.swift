import Foundation
import Testing

@testable import TagarelaCore

@Suite("RealtimeVoice: which turns, and the answer's audio as voice notes", .timeLimit(.minutes(3)))
struct RealtimeVoiceTests {
    /// Speech-to-speech is not called here: these tests are about the turn's choice and the audio.
    struct Silent: SpeechToSpeech {
        let name = "test-realtime"
        let model = "test-model"
        func answer(
            _ request: SpokenTurn, runTools: @escaping @Sendable ([ToolCall]) async -> ToolRoundOutcome
        ) async throws -> SpokenAnswer {
            throw SpeechToSpeechError.connect("not used")
        }
    }

    /// A note's size follows its PCM: 1 byte of note for 10 bytes of PCM.
    struct Shrinker: PCMConverter {
        func pcm(from clip: AudioClip) async throws -> Data { clip.bytes }
        func voiceNote(fromPCM pcm: Data) async throws -> VoiceNote {
            VoiceNote(bytes: Data(count: pcm.count / 10), duration: PCM16.duration(ofBytes: pcm.count))
        }
    }

    func voice(mode: VoiceOutput.Mode = .inKind, maxNoteBytes: Int = 500_000) -> RealtimeVoice {
        RealtimeVoice(
            responder: Silent(), converter: Shrinker(), media: VoiceOutputTests.Media(), mode: mode, withText: false,
            linkLifetime: .seconds(3600), limits: VoiceNoteLimits(maxNoteBytes: maxNoteBytes, maxNotes: 4))
    }

    func message(_ kind: MessageKind) -> StoredMessage {
        StoredMessage(
            id: 1, contactID: 7, direction: .inbound, channel: .twilio, providerMessageID: nil, kind: kind, text: nil,
            createdAt: Date(timeIntervalSince1970: 0), status: .received, errorCode: nil, turnID: nil,
            media: kind == "text" ? nil : MediaAttachment(kind: kind))
    }

    @Test func aVoiceNoteWithTextsIsSpokenAPhotoOrATextAloneIsNot() {
        let contact = Contact.sample()
        #expect(voice().wanted(for: [message("text"), message("audio")], contact: contact))
        #expect(!voice().wanted(for: [message("text")], contact: contact))
        #expect(!voice().wanted(for: [message("audio"), message("image")], contact: contact))
        #expect(!voice(mode: .never).wanted(for: [message("audio")], contact: contact))
        var texting = contact
        texting.replyMode = .text
        #expect(!voice().wanted(for: [message("audio")], contact: texting))
    }

    /// Loud, then 100 ms of silence at 1.3 s, then loud: a cut near 1 s moves into the silence.
    @Test func cutsMoveToTheQuietestPoint() {
        var samples = [Int16](repeating: 8_000, count: 48_000)
        for index in 31_200..<33_600 { samples[index] = 0 }
        let pcm = samples.withUnsafeBytes { Data($0) }
        let parts = PCM16.split(pcm, into: 2)
        #expect(parts.count == 2 && parts.reduce(0) { $0 + $1.count } == pcm.count)
        let cut = parts[0].count / 2
        #expect((31_200..<33_600).contains(cut))
    }

    @Test func anAnswerTooLargeForOneNoteBecomesSeveral() async throws {
        // Ten seconds of PCM make a 48,000-byte note here; the limit is 20,000.
        let pcm = Data(repeating: 1, count: 480_000)
        let notes = try await voice(maxNoteBytes: 20_000).notes(from: pcm)
        #expect(notes.count == 3 && notes.allSatisfy { $0.byteCount <= 20_000 })
        #expect(try await voice().notes(from: pcm).count == 1)
        await #expect(throws: VoiceError.self) { try await voice(maxNoteBytes: 5_000).notes(from: pcm) }
    }
}
