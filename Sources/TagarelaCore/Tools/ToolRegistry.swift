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

    /// The recorded error of a call naming no tool the turn offered (metrics leave such names out).
    public static let unknownTool = "unknown tool"

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

    /// Runs one call. Unknown tools, unreadable arguments, errors and timeouts all become `{"error": "…"}`. A call of
    /// a tool with a side effect goes through the turn's journal, when the context has one: it happens once however
    /// often the turn runs, and waits for the contact's yes when the tool asks for it.
    public func run(_ call: ToolCall, context: ToolContext) async -> (output: ToolOutput, record: ToolCallRecord) {
        let started = ContinuousClock.now
        let ran: Ran
        if let tool = tools.first(where: { $0.definition.name == call.name }) {
            if case .object = call.arguments {
                ran = await dispatch(tool, arguments: call.arguments, context: context)
            } else {
                ran = Ran(refusal: "the arguments must be a JSON object")
            }
        } else {
            ran = Ran(
                output: ToolOutput(result: ["error": .string("there is no tool named \(call.name)")]),
                failure: Self.unknownTool)
        }
        let record = ToolCallRecord(
            name: call.name, arguments: String(call.arguments.jsonText.prefix(ToolCallRecord.maxArgumentLength)),
            error: ran.failure, milliseconds: (ContinuousClock.now - started).wholeMilliseconds,
            status: ran.output.status, journal: ran.note)
        return (ran.output, record)
    }

    /// A read-only call runs as it is; one with a side effect once, through the journal, or held for a yes.
    private func dispatch(_ tool: any Tool, arguments: JSONValue, context: ToolContext) async -> Ran {
        guard case .sideEffect(let confirm) = tool.kind, let journal = context.journal else {
            return await invoke(tool, arguments: arguments, context: context)
        }
        if confirm {
            return await journal.hold(tool.definition, arguments: arguments, alreadyHolding: context.holdsCall)
        }
        return await once(
            tool, arguments: arguments, fingerprint: journal.fingerprint(tool.definition.name, arguments),
            journal: journal, context: context)
    }

    /// The call made once under `fingerprint`, with the journal entry's key as its `idempotencyKey`.
    private func once(
        _ tool: any Tool, arguments: JSONValue, fingerprint: String, journal: ToolJournal, context: ToolContext
    ) async -> Ran {
        await journal.once(tool: tool.definition.name, arguments: arguments, fingerprint: fingerprint) { key in
            var context = context
            context.idempotencyKey = key
            return await invoke(tool, arguments: arguments, context: context)
        }
    }

    /// Runs a call the contact confirmed: once, through the journal, under the fingerprint it was held with.
    func release(_ held: HeldToolCall, arguments: JSONValue, context: ToolContext) async -> (ToolOutput, ToolCallRecord)
    {
        let started = ContinuousClock.now
        var ran: Ran
        if let tool = tools.first(where: { $0.definition.name == held.tool }), let journal = context.journal {
            ran = await once(
                tool, arguments: arguments, fingerprint: held.fingerprint, journal: journal, context: context)
            if ran.note == nil { ran.note = .released }
        } else {
            ran = Ran(refusal: "the tool \(held.tool) is no longer offered, so the confirmed call did not run")
        }
        let record = ToolCallRecord(
            name: held.tool, arguments: String(held.arguments.prefix(ToolCallRecord.maxArgumentLength)),
            error: ran.failure, milliseconds: (ContinuousClock.now - started).wholeMilliseconds,
            status: ran.output.status, journal: ran.note)
        return (ran.output, record)
    }

    /// The call itself, within the timeout; a thrown error becomes the model's `{"error": …}`.
    private func invoke(_ tool: any Tool, arguments: JSONValue, context: ToolContext) async -> Ran {
        do {
            let output = try await withTimeout(
                timeout,
                orThrow: { [timeout, kind = tool.kind] in
                    // A request that timed out may still have been carried out on the other side.
                    kind == .readOnly
                        ? ToolError("the tool did not answer within \(timeout)")
                        : ToolError(
                            "the tool did not answer within \(timeout); whether it acted is unknown: do not assume it "
                                + "happened or not, and do not call it again in this conversation turn")
                }
            ) { try await tool.run(arguments, context: context) }
            // A tool may answer its failure as data (with the HTTP status it got): the record says it failed.
            return Ran(output: output, failure: output.result["error"]?.stringValue)
        } catch {
            var ran = Ran(refusal: "\(error)")
            // The turn was stopped (its lease lost, the server shutting down) while the call was out.
            ran.interrupted = error is CancellationError || Task.isCancelled
            return ran
        }
    }
}

/// What one call came to: its output, why it failed, and what the journal did with it.
struct Ran: Sendable {
    var output: ToolOutput
    var failure: String?
    var note: ToolJournalNote?
    /// The call was cancelled while it was out: whether it acted is unknown.
    var interrupted = false

    init(output: ToolOutput, failure: String? = nil, note: ToolJournalNote? = nil) {
        self.output = output
        self.failure = failure
        self.note = note
    }

    /// A refusal worded for the model, as `{"error": …}`.
    init(refusal: String, note: ToolJournalNote? = nil) {
        self.init(output: ToolOutput(result: ["error": .string(refusal)]), failure: refusal, note: note)
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
    /// The HTTP status the business's service answered (HTTP tools only).
    public var status: Int?
    /// What the journal did with a call of a tool with a side effect; nil when it simply ran.
    public var journal: ToolJournalNote?

    public init(
        name: String, arguments: String, error: String? = nil, milliseconds: Int, status: Int? = nil,
        journal: ToolJournalNote? = nil
    ) {
        self.status = status
        self.journal = journal
        self.name = name
        self.arguments = arguments
        self.error = error
        self.milliseconds = milliseconds
    }
}

/// What the journal did with a call of a tool with a side effect, as the turn record keeps it.
public enum ToolJournalNote: String, Sendable, Equatable, Codable {
    /// A turn run again found the call's result recorded and gave it to the model instead of calling again.
    case replayed
    /// A turn run again found the call started and never finished: its outcome is unknown, and it was not repeated.
    case unknown
    /// The call waits for the contact's yes.
    case held
    /// The contact said yes and the held call ran.
    case released
    /// The contact answered anything but yes, or too late: the held call was cancelled.
    case cancelled
}
