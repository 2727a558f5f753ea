/// Turns a text into voice notes that each fit WhatsApp's limits, whichever provider speaks them.
///
/// The text is first cut at paragraph, sentence or word boundaries into parts a provider accepts in one
/// request; a note that still comes back too large is split again (roughly in two, at a boundary) and its
/// parts are spoken instead, as long as the reply stays within `maxNotes`.
public enum VoiceNoteComposer {
    /// Speaks `text` with `speak`, one call per part, in order. Counts characters as UTF-16 code units, never
    /// fewer than the providers count (Unicode scalars or characters), so no part is over their limit.
    public static func compose(
        _ text: String,
        limits: VoiceNoteLimits,
        maxCharactersPerRequest: Int,
        speak: (String) async throws -> VoiceNote
    ) async throws -> [VoiceNote] {
        let perRequest = max(MessageSplitter.minimumLimit, min(maxCharactersPerRequest, limits.charactersPerNote))
        var pending = MessageSplitter.split(text, limit: perRequest)
        // Refused before any request: a reply this long would cost money and still not be sent.
        guard pending.count <= limits.maxNotes else {
            throw VoiceError.textTooLong(notesNeeded: pending.count, maxNotes: limits.maxNotes)
        }
        var notes: [VoiceNote] = []
        while !pending.isEmpty {
            let part = pending.removeFirst()
            let note = try await speak(part)
            if note.byteCount <= limits.maxNoteBytes {
                notes.append(note)
                continue
            }
            let smaller = split(part)
            guard smaller.count > 1 else {
                throw VoiceError.audioTooLarge(bytes: note.byteCount, limit: limits.maxNoteBytes)
            }
            let needed = notes.count + pending.count + smaller.count
            guard needed <= limits.maxNotes else {
                throw VoiceError.textTooLong(notesNeeded: needed, maxNotes: limits.maxNotes)
            }
            pending.insert(contentsOf: smaller, at: 0)
        }
        return notes
    }

    /// Cuts `part` in about two: a limit of two thirds lets the splitter find a sentence end near the middle,
    /// where a limit of exactly half would often leave a third, tiny part.
    static func split(_ part: String) -> [String] {
        let width = part.utf16.count
        guard width > MessageSplitter.minimumLimit else { return [part] }
        return MessageSplitter.split(part, limit: max(MessageSplitter.minimumLimit, (width * 2 + 2) / 3))
    }
}
