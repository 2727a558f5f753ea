import Foundation
import TagarelaCore

/// A call of a tool with a side effect as the contact's export shows it: what was asked, with which key, and what
/// came back (nil while in flight: its outcome is unknown).
struct ToolJournalView: Codable, Equatable {
    var tool: String
    var arguments: JSONValue
    var idempotencyKey: String
    var startedAt: Date
    var result: JSONValue?
    var failed: Bool
    var finishedAt: Date?

    init(_ entry: ToolJournalEntry) {
        tool = entry.tool
        arguments = JSONValue(parsing: entry.arguments) ?? .string(entry.arguments)
        idempotencyKey = entry.idempotencyKey
        startedAt = entry.startedAt
        result = entry.result
        failed = entry.failed
        finishedAt = entry.finishedAt
    }
}

/// A call held for the contact's yes as the export shows it, and what the contact decided.
struct HeldToolCallView: Codable, Equatable {
    var tool: String
    var arguments: JSONValue
    var heldAt: Date
    var expiresAt: Date
    /// `waiting`, `released` (the contact said yes in time) or `cancelled`.
    var status: String
    var decidedAt: Date?

    init(_ call: HeldToolCall) {
        tool = call.tool
        arguments = JSONValue(parsing: call.arguments) ?? .string(call.arguments)
        heldAt = call.heldAt
        expiresAt = call.expiresAt
        status = call.decidedBy == nil ? "waiting" : call.released ? "released" : "cancelled"
        decidedAt = call.decidedAt
    }
}
