import Foundation
import Logging

/// Answers by voice when wanted: the reply is spoken (`SpeechSynthesizer`), each voice note kept in the media
/// store for as long as its link must live, and sent as a `.voice` message. A synthesis that fails leaves the
/// answer in text, and is logged.
public struct VoiceOutput: Sendable {
    /// `VOICE_REPLIES`.
    public enum Mode: String, Sendable, Equatable, CaseIterable {
        case never
        /// A voice note is answered with a voice note; text with text.
        case inKind = "in-kind"
        case always
    }

    let synthesizer: any SpeechSynthesizer
    let media: any MediaStore
    let mode: Mode
    /// `VOICE_REPLY_WITH_TEXT`: the text goes too, after the voice notes.
    let withText: Bool
    /// How long a note's link (and file) lives: longer than the channel's queueing and the outbox's retries.
    let linkLifetime: Duration

    public init(
        synthesizer: any SpeechSynthesizer, media: any MediaStore, mode: Mode, withText: Bool, linkLifetime: Duration
    ) {
        self.synthesizer = synthesizer
        self.media = media
        self.mode = mode
        self.withText = withText
        self.linkLifetime = linkLifetime
    }

    /// Whether this turn is answered by voice: as the contact asked, else as the settings say.
    func wanted(for messages: [StoredMessage], contact: Contact? = nil) -> Bool {
        switch contact?.replyMode {
        case .voice: return true
        case .text: return false
        case nil: break
        }
        return switch mode {
        case .never: false
        case .always: true
        case .inKind: messages.contains { $0.kind == .audio && $0.media?.transcript != nil }
        }
    }

    /// The voice notes saying `text` (the text parts after them when `withText`), and the record of it; nil
    /// when synthesis failed (the caller answers in text).
    func replies(
        saying text: String, textParts: [OutboundDraft], contactID: Int64, now: Date, logger: Logger
    ) async -> (replies: [OutboundDraft], record: VoiceRecord) {
        let started = ContinuousClock.now
        func elapsed() -> Int { (ContinuousClock.now - started).wholeMilliseconds }
        do {
            let spokenText = Self.speakable(text)
            let notes = try await synthesizer.synthesize(spokenText)
            guard !notes.isEmpty else { throw VoiceError.invalidResponse("no voice note was made") }
            let drafts = try await Self.drafts(
                notes, saying: text, contactID: contactID, now: now, media: media, linkLifetime: linkLifetime)
            let spoken = notes.compactMap(\.duration).reduce(Duration.zero, +)
            let record = VoiceRecord(
                messageID: 0, provider: synthesizer.name, model: synthesizer.modelName,
                bytes: notes.reduce(0) { $0 + $1.byteCount }, audioMilliseconds: spoken.wholeMilliseconds,
                milliseconds: elapsed(), characters: spokenText.count)
            return (drafts + (withText ? textParts.map { OutboundDraft(kind: .notice, text: $0.text) } : []), record)
        } catch {
            logger.error("could not answer by voice; answering in text", metadata: ["error": "\(error)"])
            let record = VoiceRecord(
                messageID: 0, provider: synthesizer.name, milliseconds: elapsed(), error: "\(error)")
            return (textParts, record)
        }
    }

    /// Keeps each note in the media store for as long as its link must live, and makes the `.voice` messages
    /// that send them; the first carries `text`.
    static func drafts(
        _ notes: [VoiceNote], saying text: String, contactID: Int64, now: Date, media: any MediaStore,
        linkLifetime: Duration
    ) async throws -> [OutboundDraft] {
        var drafts: [OutboundDraft] = []
        for (index, note) in notes.enumerated() {
            let stored = StoredMedia(
                id: StoredMedia.newID(), contactID: contactID, contentType: VoiceNote.contentType,
                bytes: note.bytes, createdAt: now, expiresAt: now.addingTimeInterval(linkLifetime.timeInterval))
            try await media.saveMedia(stored, purgingBefore: now)
            let attachment = MediaAttachment(kind: .audio, id: stored.id, mimeType: VoiceNote.contentType, voice: true)
            // The first note carries what was said: that is the memory; the others are its continuation.
            drafts.append(OutboundDraft(kind: .voice, text: index == 0 ? text : "", media: attachment))
        }
        return drafts
    }

    /// Markdown marks read aloud sound silly: they go.
    static func speakable(_ text: String) -> String {
        String(text.filter { !"*_#~`".contains($0) })
    }
}
