import Foundation

/// The tools a turn offers the model, and how their calls run: each with a timeout, errors returned as data.
public struct ToolRegistry: Sendable {
    public let tools: [any Tool]
    /// Model rounds a turn may spend calling tools before it must answer in words.
    public let maxSteps: Int
    public let timeout: Duration
    /// Tools listed anew each turn (MCP servers'); `current()` adds theirs to `tools`.
    public let sources: [any ToolSource]

    public init(
        _ tools: [any Tool], maxSteps: Int = 5, timeout: Duration = .seconds(10), sources: [any ToolSource] = []
    ) {
        self.tools = tools
        self.maxSteps = max(1, maxSteps)
        self.timeout = timeout
        self.sources = sources
    }

    public static let none = ToolRegistry([])

    public var definitions: [ToolDefinition] { tools.map(\.definition) }

    /// The same registry without the tools named `names` (for a turn where they cannot apply).
    public func without(_ names: Set<String>) -> ToolRegistry {
        ToolRegistry(
            tools.filter { !names.contains($0.definition.name) }, maxSteps: maxSteps, timeout: timeout,
            sources: sources)
    }

    /// The same registry with `source`'s tools added turn by turn.
    public func adding(_ source: any ToolSource) -> ToolRegistry {
        ToolRegistry(tools, maxSteps: maxSteps, timeout: timeout, sources: sources + [source])
    }

    /// The tools of one turn: the fixed ones and what each source offers now. A source's tool whose name is
    /// already taken is left out (the fixed tools keep theirs).
    public func current() async -> ToolRegistry {
        guard !sources.isEmpty else { return self }
        var all = tools
        var names = Set(tools.map(\.definition.name))
        for source in sources {
            for tool in await source.currentTools() where names.insert(tool.definition.name).inserted {
                all.append(tool)
            }
        }
        return ToolRegistry(all, maxSteps: maxSteps, timeout: timeout)
    }

    public var isEmpty: Bool { tools.isEmpty }

    /// Runs one call. Unknown tools, unreadable arguments, errors and timeouts all become `{"error": "…"}`.
    public func run(_ call: ToolCall, context: ToolContext) async -> (output: ToolOutput, record: ToolCallRecord) {
        let started = ContinuousClock.now
        let output: ToolOutput
        var failure: String?
        if let tool = tools.first(where: { $0.definition.name == call.name }) {
            do {
                guard case .object = call.arguments else {
                    throw ToolError("the arguments must be a JSON object")
                }
                output = try await withTimeout(
                    timeout, orThrow: { [timeout] in ToolError("the tool did not answer within \(timeout)") }
                ) { try await tool.run(call.arguments, context: context) }
            } catch {
                failure = "\(error)"
                output = ToolOutput(result: ["error": .string("\(error)")])
            }
        } else {
            failure = "unknown tool"
            output = ToolOutput(result: ["error": .string("there is no tool named \(call.name)")])
        }
        let record = ToolCallRecord(
            name: call.name, arguments: String(call.arguments.jsonText.prefix(ToolCallRecord.maxArgumentLength)),
            error: failure, milliseconds: (ContinuousClock.now - started).wholeMilliseconds)
        return (output, record)
    }
}

/// A call as the turn record keeps it, for the operator.
public struct ToolCallRecord: Sendable, Equatable, Codable {
    /// Arguments are kept up to this many characters.
    public static let maxArgumentLength = 500

    public var name: String
    public var arguments: String
    /// Why the call failed; nil when it answered.
    public var error: String?
    public var milliseconds: Int

    public init(name: String, arguments: String, error: String? = nil, milliseconds: Int) {
        self.name = name
        self.arguments = arguments
        self.error = error
        self.milliseconds = milliseconds
    }
}
