import Foundation
import TagarelaCore

/// The tools the model may call during a turn (`LLM_TOOLS`) and their limits.
public struct ToolSettings: Sendable, Equatable {
    /// The tools Tagarela ships.
    public enum Name: String, Sendable, Equatable, CaseIterable {
        case currentTime = "current_time"
        case rememberFact = "remember_fact"
        case forgetFact = "forget_fact"
        case handoffToHuman = "handoff_to_human"
        case setReplyMode = "set_reply_mode"
        case describePhotos = "describe_photos"
        case searchPhotos = "search_photos"
        case sendPhotos = "send_photos"
        case searchKnowledge = "search_knowledge"

        /// The photo catalogue's tools, offered only while it is on.
        var needsCatalogue: Bool { [.describePhotos, .searchPhotos, .sendPhotos].contains(self) }
    }

    /// `LLM_TOOLS`: a comma-separated list, `all` (the default) or `none`.
    public var enabled: [Name]
    /// `LLM_MAX_TOOL_STEPS`: model rounds a turn may spend calling tools before it must answer in words.
    public var maxSteps: Int
    /// `TOOL_TIMEOUT_SECONDS`, for one call.
    public var timeout: Duration
    /// `TOOL_CONFIRM_SECONDS`: how long a call of a tool marked `confirm` waits for the contact's yes.
    public var confirmWindow: Duration
    /// `DEFAULT_TIME_ZONE`: for numbers whose country code does not tell the zone (and `BUDGET_TIME_ZONE`'s
    /// default).
    public var defaultTimeZone: TimeZone
}

extension ToolSettings {
    init(_ reader: EnvironmentReader) throws(ConfigurationError) {
        var enabled = Name.allCases
        if let list = reader.string("LLM_TOOLS")?.lowercased() {
            let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            if names == ["none"] {
                enabled = []
            } else if names != ["all"] {
                enabled = []
                for name in names {
                    guard let tool = Name(rawValue: name) else {
                        throw .invalid(
                            "LLM_TOOLS",
                            mustBe: "all, none, or a comma-separated list of "
                                + Name.allCases.map(\.rawValue).joined(separator: ", "), got: list)
                    }
                    if !enabled.contains(tool) { enabled.append(tool) }
                }
            }
        }
        self.init(
            enabled: enabled,
            maxSteps: try reader.int("LLM_MAX_TOOL_STEPS", default: 5, in: 1...20),
            timeout: try reader.seconds("TOOL_TIMEOUT_SECONDS", default: 10, in: 1...300),
            confirmWindow: try reader.seconds("TOOL_CONFIRM_SECONDS", default: 600, in: 30...86_400),
            defaultTimeZone: try Self.zone(reader, "DEFAULT_TIME_ZONE", default: "America/Sao_Paulo"))
    }

    /// An IANA zone setting. The zone database must be installed (Debian's `tzdata`): without it even the
    /// default is unknown, and start-up says so instead of telling contacts the wrong time.
    static func zone(_ reader: EnvironmentReader, _ name: String, default fallback: String)
        throws(ConfigurationError) -> TimeZone
    {
        let identifier = reader.string(name) ?? fallback
        guard let zone = TimeZone(identifier: identifier) else {
            if TimeZone(identifier: "America/Sao_Paulo") == nil {
                throw ConfigurationError(
                    setting: name,
                    message: "the time zone database is missing: install it (Debian: apt-get install tzdata)")
            }
            throw .invalid(name, mustBe: "an IANA time zone such as America/Sao_Paulo", got: identifier)
        }
        return zone
    }

    /// The registry the turns use; the handoff tool tells the contact `handoffNotice`. `set_reply_mode` is
    /// offered only when answers can be spoken; the catalogue's only with a `catalogue`; `search_knowledge` only with
    /// a knowledge base (and, turn by turn, while it has documents).
    func registry(
        handoffNotice: String, canSpeak: Bool, catalogue: (any CatalogueStore)? = nil, knowledge: KnowledgeBase? = nil,
        extra: [any Tool] = []
    ) -> ToolRegistry {
        let offered = enabled.filter { (canSpeak || $0 != .setReplyMode) && (catalogue != nil || !$0.needsCatalogue) }
        let tools: [any Tool] = offered.compactMap { name -> (any Tool)? in
            switch name {
            case .currentTime: CurrentTimeTool(defaultZone: defaultTimeZone)
            case .rememberFact: RememberFactTool()
            case .forgetFact: ForgetFactTool()
            case .handoffToHuman: HandoffTool(notice: handoffNotice)
            case .setReplyMode: ReplyModeTool()
            case .describePhotos: catalogue.map(DescribePhotosTool.init)
            case .searchPhotos: catalogue.map(SearchPhotosTool.init)
            case .sendPhotos: catalogue.map(SendPhotosTool.init)
            case .searchKnowledge: knowledge.map(SearchKnowledgeTool.init)
            }
        }
        return ToolRegistry(tools + extra, maxSteps: maxSteps, timeout: timeout)
    }
}
