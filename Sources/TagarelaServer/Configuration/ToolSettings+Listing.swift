import Foundation
import TagarelaCore

/// One tool the model may be offered, as `tagarela tools list` and the dashboard's Settings show it.
public struct ToolListing: Sendable, Equatable {
    public var name: String
    /// `built-in` or `file`.
    public var origin: String
    /// `read-only`, `side effect` or `side effect, confirmed`.
    public var kind: String
    /// The hosts its calls may reach (none for a built-in tool).
    public var hosts: [String]
}

extension ToolSettings {
    /// The tools `LLM_TOOLS` enables, built-in first then the file's, in order. (A built-in tool may still be left
    /// out of a turn that cannot use it: `set_reply_mode` without speech, the catalogue's tools without it.)
    public var listing: [ToolListing] {
        enabled.map { ToolListing(name: $0.rawValue, origin: "built-in", kind: "read-only", hosts: []) }
            + fileTools.map {
                ToolListing(name: $0.name, origin: "file", kind: Self.describe($0.kind), hosts: $0.hosts)
            }
    }

    static func describe(_ kind: ToolKind) -> String {
        switch kind {
        case .readOnly: "read-only"
        case .sideEffect(let confirm): confirm ? "side effect, confirmed" : "side effect"
        }
    }
}

extension ToolSettings {
    /// The tools as `tagarela tools call` tries them, outside any conversation: the file's tools with their real
    /// requests and the per-turn limit, and the built-in tools that need no store (their effects are not kept).
    public func trialRegistry(handoffNotice: String) -> ToolRegistry {
        registry(
            handoffNotice: handoffNotice, canSpeak: true,
            business: BusinessTools(store: InMemoryConversationStore(), dayStart: { $0 }))
    }
}
