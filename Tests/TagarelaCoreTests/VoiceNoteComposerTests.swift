import Foundation
import Synchronization
import TagarelaCore
import Testing

@Suite("VoiceNoteComposer and OggOpus", .timeLimit(.minutes(3)))
struct VoiceNoteComposerTests {
    /// A speaker whose notes weigh 100 bytes per character, recording each part it was asked to say.
    final class Speaker: Sendable {
        let parts = Mutex<[String]>([])

        func speak(_ part: String) -> VoiceNote {
            parts.withLock { $0.append(part) }
            return VoiceNote(bytes: Data(count: part.count * 100), duration: nil)
        }
    }

    let sentences = (1...40).map { "Frase número \($0) da resposta." }

    @Test("parts respect the per-request limit, and the notes say the whole text in order")
    func splitsPerRequest() async throws {
        let text = sentences.joined(separator: " ")
        let speaker = Speaker()
        let limits = VoiceNoteLimits(maxNoteBytes: 1_000_000, maxNotes: 10, charactersPerNote: 5_000)
        let notes = try await VoiceNoteComposer.compose(text, limits: limits, maxCharactersPerRequest: 300) {
            speaker.speak($0)
        }
        let parts = speaker.parts.withLock { $0 }
        #expect(parts.count == notes.count && parts.count >= 4)
        #expect(parts.allSatisfy { $0.utf16.count <= 300 })
        #expect(parts.joined(separator: " ") == text)
        #expect(parts.allSatisfy { $0.hasSuffix(".") })  // cut at sentence ends
    }

    @Test("a note over the byte limit is split again and only the small notes are kept, in order")
    func halvesLargeNotes() async throws {
        let text = sentences.prefix(12).joined(separator: " ")
        let speaker = Speaker()
        // 100 bytes per character: at most 150 characters per note.
        let limits = VoiceNoteLimits(maxNoteBytes: 15_000, maxNotes: 10, charactersPerNote: 1_000)
        let notes = try await VoiceNoteComposer.compose(text, limits: limits, maxCharactersPerRequest: 4_096) {
            speaker.speak($0)
        }
        let parts = speaker.parts.withLock { $0 }
        #expect(notes.allSatisfy { $0.byteCount <= 15_000 })
        #expect(parts.count > notes.count)
        let kept = parts.filter { $0.count * 100 <= 15_000 }
        #expect(kept.count == notes.count)
        #expect(kept.joined(separator: " ") == text)
    }

    @Test("too many notes: refused up front, or as soon as splitting would pass the maximum")
    func maximumNotes() async throws {
        let speaker = Speaker()
        let text = sentences.joined(separator: " ")
        let needed = MessageSplitter.split(text, limit: 300).count
        #expect(needed > 2)
        await #expect(throws: VoiceError.textTooLong(notesNeeded: needed, maxNotes: 2)) {
            try await VoiceNoteComposer.compose(
                text, limits: VoiceNoteLimits(maxNotes: 2, charactersPerNote: 300), maxCharactersPerRequest: 4_096
            ) { speaker.speak($0) }
        }
        #expect(speaker.parts.withLock { $0 }.isEmpty)
        await #expect(throws: VoiceError.self) {
            try await VoiceNoteComposer.compose(
                text, limits: VoiceNoteLimits(maxNoteBytes: 10_000, maxNotes: 3, charactersPerNote: 4_000),
                maxCharactersPerRequest: 4_096
            ) { speaker.speak($0) }
        }
    }

    @Test("blank text gives no notes and no request")
    func blank() async throws {
        let speaker = Speaker()
        let notes = try await VoiceNoteComposer.compose(" \n ", limits: .whatsApp, maxCharactersPerRequest: 4_096) {
            speaker.speak($0)
        }
        #expect(notes.isEmpty && speaker.parts.withLock { $0 }.isEmpty)
    }

    @Test("OggOpus tells Opus from Vorbis, MP3 and truncated bytes")
    func recognisesOggOpus() {
        var page = Data("OggS".utf8) + Data([0, 2]) + Data(count: 20) + Data([1, 19]) + Data("OpusHead".utf8)
        page += Data([1, 1, 0x38, 0x01]) + Data(count: 7)
        #expect(OggOpus.isOggOpus(page))
        #expect(VoiceNote(oggOpus: page) != nil)
        var vorbis = page
        vorbis.replaceSubrange(28..<36, with: Data("\u{1}vorbis\u{0}".utf8))
        #expect(!OggOpus.isOggOpus(vorbis))
        #expect(!OggOpus.isOggOpus(Data("ID3\u{3}\u{0}".utf8) + Data(count: 100)))
        #expect(!OggOpus.isOggOpus(page.prefix(30)))
        #expect(VoiceNote(oggOpus: Data()) == nil)
    }
}
