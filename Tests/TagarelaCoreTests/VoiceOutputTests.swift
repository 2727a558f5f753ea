import Foundation
import Logging
import Testing

@testable import TagarelaCore

@Suite("VoiceOutput: answers spoken when wanted", .timeLimit(.minutes(3)))
struct VoiceOutputTests {
    actor Media: MediaStore {
        private(set) var saved: [StoredMedia] = []
        func saveMedia(_ media: StoredMedia, purgingBefore: Date) { saved.append(media) }
        func media(id: String) -> StoredMedia? { saved.first { $0.id == id } }
    }

    struct Speaker: SpeechSynthesizer {
        let name = "test-speech"
        var notes = 2
        var failure: VoiceError?
        func synthesize(_ text: String) async throws -> [VoiceNote] {
            if let failure { throw failure }
            return (0..<notes).map { VoiceNote(bytes: Data("OggS\(text)\($0)".utf8), duration: .seconds(1)) }
        }
    }

    let now = Date(timeIntervalSince1970: 1_800_000_000)
    var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    func heard(_ kind: MessageKind, transcript: String? = nil) -> StoredMessage {
        var media = MediaAttachment(kind: "audio")
        media.transcript = transcript
        return StoredMessage(
            id: 1, contactID: 7, direction: .inbound, channel: .twilio, providerMessageID: nil, kind: kind,
            text: transcript, createdAt: now, status: .received, errorCode: nil, turnID: nil,
            media: kind == "audio" ? media : nil)
    }

    @Test func inKindAnswersAVoiceNoteByVoiceOnly() {
        let output = VoiceOutput(
            synthesizer: Speaker(), media: Media(), mode: .inKind, withText: false, linkLifetime: .seconds(3600))
        #expect(output.wanted(for: [heard("audio", transcript: "oi")]))
        #expect(!output.wanted(for: [heard("text", transcript: "oi")]))
        #expect(!output.wanted(for: [heard("audio")]))  // not heard: answered in text, with the notice
        let never = VoiceOutput(
            synthesizer: Speaker(), media: Media(), mode: .never, withText: false, linkLifetime: .seconds(1))
        #expect(!never.wanted(for: [heard("audio", transcript: "oi")]))
        let always = VoiceOutput(
            synthesizer: Speaker(), media: Media(), mode: .always, withText: false, linkLifetime: .seconds(1))
        #expect(always.wanted(for: [heard("text", transcript: "oi")]))
    }

    @Test func notesAreStoredWithTheirLinkLifetimeAndSentAsVoice() async {
        let media = Media()
        let output = VoiceOutput(
            synthesizer: Speaker(), media: media, mode: .always, withText: true, linkLifetime: .seconds(4 * 3600))
        let (replies, record) = await output.replies(
            saying: "*Olá*, Ana!", textParts: [.reply("*Olá*, Ana!")], contactID: 7, now: now, logger: logger)
        let saved = await media.saved
        #expect(
            saved.count == 2
                && saved.allSatisfy { $0.expiresAt == now.addingTimeInterval(4 * 3600) && $0.contactID == 7 })
        #expect(saved[0].bytes == Data("OggSOlá, Ana!0".utf8))  // the marks are not read aloud
        #expect(replies.map(\.kind) == [.voice, .voice, .notice])
        #expect(replies.map(\.text) == ["*Olá*, Ana!", "", "*Olá*, Ana!"])
        #expect(replies.compactMap(\.media?.id) == saved.map(\.id))
        #expect(replies[0].media?.voice == true && replies[0].media?.mimeType == "audio/ogg")
        #expect(record.provider == "test-speech" && record.error == nil && record.bytes > 0)
    }

    @Test func aFailedSynthesisAnswersInText() async {
        let media = Media()
        let output = VoiceOutput(
            synthesizer: Speaker(failure: .quotaExhausted(message: "no credits")), media: media, mode: .always,
            withText: false, linkLifetime: .seconds(3600))
        let (replies, record) = await output.replies(
            saying: "Olá", textParts: [.reply("Olá")], contactID: 7, now: now, logger: logger)
        #expect(replies == [.reply("Olá")] && record.error?.contains("no credits") == true)
        #expect(await media.saved.isEmpty)
    }
}

@Suite("set_reply_mode", .timeLimit(.minutes(3)))
struct ReplyModeToolTests {
    @Test func theContactsChoiceWinsOverTheSetting() async throws {
        let context = ToolContext(contact: .sample(), facts: [], now: Date(timeIntervalSince1970: 0))
        let tool = ReplyModeTool()
        #expect(try await tool.run(["mode": "voice"], context: context).effects == [.replyMode(.voice)])
        #expect(try await tool.run(["mode": "Text"], context: context).effects == [.replyMode(.text)])
        #expect(try await tool.run(["mode": "default"], context: context).effects == [.replyMode(nil)])
        await #expect(throws: ToolError.self) { try await tool.run(["mode": "smoke signals"], context: context) }

        let output = VoiceOutput(
            synthesizer: VoiceOutputTests.Speaker(), media: VoiceOutputTests.Media(), mode: .inKind, withText: false,
            linkLifetime: .seconds(3600))
        var contact = Contact.sample()
        contact.replyMode = .voice
        #expect(output.wanted(for: [], contact: contact))
        contact.replyMode = .text
        #expect(!output.wanted(for: [], contact: contact))
    }
}
