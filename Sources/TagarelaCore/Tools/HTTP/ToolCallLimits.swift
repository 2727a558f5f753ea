import Foundation

/// How often the business's own tools may be called: per turn (`TOOL_MAX_CALLS_PER_TURN`) and per contact per day
/// (`TOOL_MAX_CALLS_PER_CONTACT_PER_DAY`). The day's count is read from the calls stored with the contact's turns,
/// so it survives restarts and holds across instances; this turn's calls so far come with the call's context.
public struct ToolCallLimits: Sendable {
    /// The start of a refusal's error, so refused calls are not counted as calls.
    public static let refusal = "call limit reached"

    public var perTurn: Int
    public var perContactPerDay: Int
    /// Whether a tool's calls count against these limits (every tool of the file; built-in tools do not count). A
    /// test of the name, so tools that come and go (an MCP server's, by their prefix) can share the limits.
    public var counts: @Sendable (String) -> Bool
    public var store: any TurnQueue
    /// The start of the day `now` falls in (the budgets' day, `BUDGET_TIME_ZONE`).
    public var dayStart: @Sendable (Date) -> Date

    public init(
        perTurn: Int, perContactPerDay: Int, counts: @escaping @Sendable (String) -> Bool, store: any TurnQueue,
        dayStart: @escaping @Sendable (Date) -> Date
    ) {
        self.perTurn = perTurn
        self.perContactPerDay = perContactPerDay
        self.counts = counts
        self.store = store
        self.dayStart = dayStart
    }

    /// Throws, worded for the model, when one more call would pass a limit.
    public func check(_ context: ToolContext) async throws {
        let thisTurn = counting(context.calls)
        if thisTurn >= perTurn {
            throw ToolError("\(Self.refusal): at most \(perTurn) calls of the business's tools in one answer")
        }
        let stored: [ToolCallRecord]
        do {
            stored = try await store.toolCalls(contactID: context.contact.id, since: dayStart(context.now))
        } catch {
            // The model is told no more than that; the database's own words are not for it.
            throw ToolError("the day's calls could not be counted, so no request was made: try again later")
        }
        if counting(stored) + thisTurn >= perContactPerDay {
            throw ToolError(
                "\(Self.refusal): at most \(perContactPerDay) calls of the business's tools a day for this contact")
        }
    }

    private func counting(_ calls: [ToolCallRecord]) -> Int {
        calls.count(where: { counts($0.name) && !($0.error?.hasPrefix(Self.refusal) ?? false) })
    }
}
