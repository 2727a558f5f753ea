/// Chooses the part of a conversation the model sees: the newest messages that fit a token budget.
public struct MemoryWindow: Sendable, Equatable {
    /// The budget for the conversation, estimated, not counting the system prompt.
    public var maxTokens: Int
    /// At most this many stored messages are read.
    public var maxMessages: Int
    /// `MEMORY_SUMMARY_MAX_TOKENS`: the longest running summary of what fell out of the window; 0 keeps no summary
    /// (`MEMORY_SUMMARY=off`, or a provider that keeps the conversation itself).
    public var summaryMaxTokens: Int

    public init(maxTokens: Int, maxMessages: Int, summaryMaxTokens: Int = 0) {
        self.maxTokens = maxTokens
        self.maxMessages = maxMessages
        self.summaryMaxTokens = summaryMaxTokens
    }

    /// Turns stored messages (oldest first) into the model's messages: consecutive messages of one side
    /// become one (some chat templates insist on alternating roles), the oldest are dropped to fit the
    /// budget, and the window always starts with the contact speaking.
    public func chatMessages(from history: [StoredMessage]) -> [ChatMessage] {
        let merged = Self.merged(history)
        var budget = maxTokens
        var kept: [ChatMessage] = []
        for message in merged.reversed() {
            let cost = Self.estimatedTokens(message.content)
            // The newest message is always sent, however long: it is what the turn answers.
            if !kept.isEmpty && cost > budget { break }
            budget -= cost
            kept.append(message)
        }
        while let last = kept.last, last.role != .user, kept.count > 1 {
            kept.removeLast()
        }
        return kept.reversed()
    }

    /// Stored messages as the model reads them, all of them, consecutive ones of one side merged into one.
    public static func merged(_ messages: [StoredMessage]) -> [ChatMessage] {
        var merged: [ChatMessage] = []
        for message in messages {
            guard let content = content(of: message) else { continue }
            let role: ChatMessage.Role = message.direction == .inbound ? .user : .assistant
            if let last = merged.last, last.role == role {
                merged[merged.count - 1].content += "\n" + content
            } else {
                merged.append(ChatMessage(role: role, content: content))
            }
        }
        return merged
    }

    /// About four bytes of UTF-8 per token, plus the per-message overhead of the chat format.
    public static func estimatedTokens(_ text: String) -> Int {
        textTokens(text) + 4
    }

    /// About four bytes of UTF-8 per token: the one estimate of a text's tokens (a passage's, a message's).
    public static func textTokens(_ text: some StringProtocol) -> Int {
        (text.utf8.count + 3) / 4
    }

    /// A kept photo, document or video as text: the model is told what arrived, never given its bytes here.
    static func fileNote(_ message: StoredMessage) -> String? {
        guard let media = message.media, media.storedID != nil else { return nil }
        let caption = message.text.flatMap { $0.isEmpty ? nil : $0 } ?? media.caption
        switch message.kind {
        case .image: return "[imagem: \(caption ?? "sem legenda")]"
        case .video: return "[vídeo: \(caption ?? "sem legenda")]"
        case .document:
            let name = media.filename ?? "sem nome"
            return "[documento: \(name)]" + (caption.map { " " + $0 } ?? "")
        default: return nil
        }
    }

    /// What a stored message says to the model; nil for one it should not see.
    public static func content(of message: StoredMessage) -> String? {
        // A channel's own notices (WhatsApp's "changed number") are not something the contact said.
        if message.kind == .system { return nil }
        let text = message.text.flatMap { $0.isEmpty ? nil : $0 }
        // The model should know what was sent even if it cannot see it: `[imagem: legenda]`, `[reaction] 👍`.
        if message.direction == .inbound, message.kind == .audio, message.media?.transcript != nil {
            return "[voice note] " + (text ?? "")
        }
        if message.direction == .inbound, let note = fileNote(message) { return note }
        if message.direction == .inbound, message.kind != .text {
            return "[\(message.kind)]" + (text.map { " " + $0 } ?? "")
        }
        return text
    }
}
