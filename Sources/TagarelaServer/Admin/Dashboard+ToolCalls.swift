import Foundation
import TagarelaCore

extension Dashboard {
    /// The tools the model called in a turn, each with its arguments, the service's HTTP status, its error, its time,
    /// what the journal did with it and, for a tool with a side effect, the result the journal kept.
    static func toolCalls(_ turn: TurnSummary, journal: [ToolJournalEntry] = [], title: String) -> HTML {
        let calls = TurnRecord.toolCalls(fromJSON: turn.toolCalls)
        guard !calls.isEmpty else { return "" }
        let items = calls.map { call -> HTML in
            let result: HTML =
                journalEntry(of: call, in: turn, journal: journal)?.result
                .map { "<br>→ <code class=\"tool-result\">\($0.jsonText)</code>" } ?? ""
            return "<li><code>\(call.name)</code> \(call.arguments) · \(outcome(of: call))\(result)</li>"
        }
        return "<span class=\"meta\">\(title)</span><ol class=\"meta tool-calls\">\(items)</ol>"
    }

    /// A call's HTTP status, error, milliseconds and journal note, joined for one line.
    static func outcome(of call: ToolCallRecord) -> String {
        let parts = [
            call.status.map { "HTTP \($0)" }, call.error, "\(call.milliseconds) ms", call.journal.map(\.rawValue),
        ]
        return parts.compactMap { $0 }.joined(separator: " · ")
    }

    /// The journal's record of `call`: the same tool with the same arguments, the one started nearest the turn (a
    /// turn run again after a crash replays a record made by the run before it). Only calls of tools with a side
    /// effect are journaled; arguments cut for the turn's record match nothing.
    private static func journalEntry(
        of call: ToolCallRecord, in turn: TurnSummary, journal: [ToolJournalEntry]
    ) -> ToolJournalEntry? {
        let arguments = JSONValue(parsing: call.arguments)
        return
            journal
            .filter { $0.tool == call.name && JSONValue(parsing: $0.arguments) == arguments }
            .min {
                abs($0.startedAt.timeIntervalSince(turn.startedAt))
                    < abs($1.startedAt.timeIntervalSince(turn.startedAt))
            }
    }
}
