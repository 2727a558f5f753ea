import Foundation

extension MemoryWindow {
    /// Whether a turn that read `history` (newest last, at most `readLimit` messages) should queue a fold, and
    /// through which message: when the messages the summary does not cover no longer fit the window, the older ones
    /// are folded so that about half the window stays as it was said. Half, not all: the next turns then fold once
    /// per half window, not once per message. Nil when nothing needs folding; never one of `turn`'s messages.
    public func foldThrough(
        history: [StoredMessage], summarisedThrough: Int64, readLimit: Int, turn: [StoredMessage]
    ) -> Int64? {
        guard summaryMaxTokens > 0 else { return nil }
        let unsummarised = history.filter { $0.id > summarisedThrough }
        let tokens = unsummarised.reduce(0) { $0 + Self.tokens(of: $1) }
        // A full read with nothing summarised in it may have left older, unsummarised messages unread.
        let unread = history.count >= readLimit && (history.first?.id ?? 0) > summarisedThrough
        guard tokens > maxTokens || unread else { return nil }
        var kept = 0
        var keptTokens = 0
        var boundary: Int?
        for index in unsummarised.indices.reversed() {
            let cost = Self.tokens(of: unsummarised[index])
            if kept > 0 && (keptTokens + cost > maxTokens / 2 || kept >= max(1, maxMessages / 2)) {
                boundary = index
                break
            }
            kept += 1
            keptTokens += cost
        }
        guard var boundary else { return nil }
        // The window starts with the contact speaking: replies right after the fold go into it too, or they would
        // be in neither the window nor the summary.
        while boundary + 1 < unsummarised.count, unsummarised[boundary + 1].direction == .outbound {
            boundary += 1
        }
        var through = unsummarised[boundary].id
        if let first = turn.map(\.id).min(), through >= first { through = first - 1 }
        return through > summarisedThrough ? through : nil
    }

    /// What a message costs in the window; nothing for one the model never sees.
    static func tokens(of message: StoredMessage) -> Int {
        content(of: message).map(estimatedTokens) ?? 0
    }
}
