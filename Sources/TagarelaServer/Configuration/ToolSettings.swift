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
    /// `TOOLS_FILE`'s tools that `LLM_TOOLS` enables (all of them by default).
    public var fileTools: [HTTPToolDeclaration] = []
    /// `TOOLS_FILE`, when set.
    public var toolsFile: String?
    /// `TOOL_MAX_CALLS_PER_TURN`: calls of the file's tools in one turn.
    public var maxCallsPerTurn: Int = 5
    /// `TOOL_MAX_CALLS_PER_CONTACT_PER_DAY`: calls of the file's tools for one contact in a day (`BUDGET_TIME_ZONE`).
    public var maxCallsPerContactPerDay: Int = 50
    /// `TOOL_RESPONSE_MAX_BYTES`: the largest answer a file's tool takes from its service.
    public var responseMaxBytes: Int = 65_536
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
    init(_ reader: EnvironmentReader, warnings: inout [String]) throws(ConfigurationError) {
        let timeout = try reader.seconds("TOOL_TIMEOUT_SECONDS", default: 10, in: 1...300)
        let path = reader.string("TOOLS_FILE")
        var declared: [HTTPToolDeclaration] = []
        if let path {
            declared = try ToolsFile.load(
                path: path, maxTimeout: timeout, builtIn: Set(Name.allCases.map(\.rawValue)), secret: reader.string)
        }
        for tool in declared where !tool.unsetSettings.isEmpty {
            warnings.append(
                "TOOLS_FILE: tool \(tool.name) needs "
                    + ConfigurationError.list(tool.unsetSettings.map { "${\($0)}" })
                    + ", not set: its calls are refused until it is")
        }
        var enabled = Name.allCases
        var fileTools = declared
        if let list = reader.string("LLM_TOOLS") {
            let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            if names.map({ $0.lowercased() }) == ["none"] {
                enabled = []
                fileTools = []
            } else if names.map({ $0.lowercased() }) != ["all"] {
                enabled = []
                fileTools = []
                for name in names {
                    if let tool = Name(rawValue: name.lowercased()) {
                        if !enabled.contains(tool) { enabled.append(tool) }
                    } else if let tool = declared.first(where: { $0.name == name }) {
                        if !fileTools.contains(tool) { fileTools.append(tool) }
                    } else {
                        throw .invalid(
                            "LLM_TOOLS",
                            mustBe: "all, none, or a comma-separated list of "
                                + (Name.allCases.map(\.rawValue) + declared.map(\.name)).joined(separator: ", "),
                            got: list)
                    }
                }
            }
        }
        self.init(
            enabled: enabled, fileTools: fileTools, toolsFile: path,
            maxCallsPerTurn: try reader.int("TOOL_MAX_CALLS_PER_TURN", default: 5, in: 1...100),
            maxCallsPerContactPerDay: try reader.int(
                "TOOL_MAX_CALLS_PER_CONTACT_PER_DAY", default: 50, in: 1...100_000),
            responseMaxBytes: try reader.int("TOOL_RESPONSE_MAX_BYTES", default: 65_536, in: 1024...10_485_760),
            maxSteps: try reader.int("LLM_MAX_TOOL_STEPS", default: 5, in: 1...20),
            timeout: timeout,
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
        extra: [any Tool] = [], business: BusinessTools? = nil
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
        return ToolRegistry(
            tools + extra + (business?.tools(fileTools, settings: self) ?? []), maxSteps: maxSteps, timeout: timeout)
    }
}
