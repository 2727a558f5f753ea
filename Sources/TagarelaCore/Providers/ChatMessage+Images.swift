import Foundation

extension ChatMessage {
    /// The message as a model that cannot see reads it: no images, a text note for each.
    ///
    /// An image's caption usually sits in `content` already (it is what the contact wrote): where it stands there
    /// on lines of its own, the note takes its place; otherwise the note is added on a line after the text. So a
    /// captioned photo reads `[imagem: Meu gato no sofá]`, not the caption twice; a note already in the text is
    /// not added again.
    public func withoutImages(note: (ModelImage) -> String = \.textNote) -> ChatMessage {
        guard !images.isEmpty else { return self }
        var text = content
        for image in images {
            let replacement = note(image)
            // The memory window already wrote it (a kept photo reads `[imagem: legenda]` there).
            if text.contains(replacement) { continue }
            if let caption = image.caption, !caption.isEmpty, let range = Self.lineRange(of: caption, in: text) {
                text.replaceSubrange(range, with: replacement)
            } else {
                text += text.isEmpty ? replacement : "\n" + replacement
            }
        }
        return ChatMessage(role: role, content: text)
    }

    /// Where `caption` stands in `text` starting and ending at line boundaries, first such place.
    static func lineRange(of caption: String, in text: String) -> Range<String.Index>? {
        var searchStart = text.startIndex
        while let range = text.range(of: caption, range: searchStart..<text.endIndex) {
            let startsLine = range.lowerBound == text.startIndex || text[text.index(before: range.lowerBound)] == "\n"
            let endsLine = range.upperBound == text.endIndex || text[range.upperBound] == "\n"
            if startsLine, endsLine { return range }
            searchStart = text.index(after: range.lowerBound)
        }
        return nil
    }
}

extension LLMRequest {
    /// The request as a model that cannot see gets it: every message's images become text notes.
    public func withoutImages() -> LLMRequest {
        var request = self
        request.messages = messages.map { $0.withoutImages() }
        return request
    }
}

extension [ChatMessage] {
    /// The conversation with `images` on its last message from the contact (the turn's own photos).
    func showing(_ images: [ModelImage]) -> [ChatMessage] {
        guard !images.isEmpty, let last = lastIndex(where: { $0.role == .user }) else { return self }
        var messages = self
        messages[last].images += images
        return messages
    }
}
