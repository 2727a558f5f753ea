import Foundation

/// Calls of tools marked `confirm`: the server, not the prompt, holds them until the contact says yes to exactly that
/// call, in time; anything else cancels them.
extension ToolJournal {
    /// The answers that release a held call, compared without case, accents or punctuation ("Sim!", "sim, pode"):
    /// a clear yes and nothing else.
    public static let yesAnswers: Set<String> = [
        "SIM", "S", "SIM PODE", "PODE", "PODE SIM", "CONFIRMO", "CONFIRMADO", "SIM CONFIRMO", "OK", "YES", "Y",
        "CONFIRM", "CONFIRMED", "YES PLEASE",
    ]

    /// Whether the turn's messages are a clear yes: one message, one of `yesAnswers`.
    public static func isYes(_ messages: [StoredMessage]) -> Bool {
        guard messages.count == 1, let text = messages[0].text else { return false }
        let words = text.folding(
            options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX")
        )
        .uppercased().components(separatedBy: CharacterSet.alphanumerics.inverted).filter { !$0.isEmpty }
        return yesAnswers.contains(words.joined(separator: " "))
    }

    /// Holds a call for the contact's yes: stored with the turn, the model told it waits, the contact asked.
    func hold(_ tool: ToolDefinition, arguments: JSONValue, alreadyHolding: Bool) async -> Ran {
        guard !alreadyHolding else {
            return Ran(
                refusal: "another call already waits for the contact's confirmation in this turn; ask for this one "
                    + "after they answered")
        }
        let now = timeSource.now()
        let held = HeldToolCall(
            fingerprint: fingerprint(tool.name, arguments), contactID: claim.contact.id, turn: turn, tool: tool.name,
            arguments: arguments.jsonText, heldAt: now, expiresAt: now.addingTimeInterval(confirmWindow.timeInterval))
        do {
            try await store.holdToolCall(held, claim: claim)
        } catch {
            return Ran(refusal: "the call could not be held for the contact's confirmation (\(error)); it was not made")
        }
        let minutes = max(1, Int(confirmWindow.timeInterval / 60))
        let result: JSONValue = [
            "status": "awaiting_confirmation",
            "note": .string(
                "Not done yet. Tagarela itself asks the contact, in its own message after yours, to confirm exactly "
                    + "this call; it runs only if they answer yes within \(minutes) minutes, and you will then get "
                    + "its result. Tell them briefly that their confirmation is needed; do not ask for it in other "
                    + "words and do not call it again."),
        ]
        let asked = question.replacingOccurrences(of: "{tool}", with: tool.name)
            .replacingOccurrences(of: "{description}", with: tool.description)
            .replacingOccurrences(of: "{arguments}", with: Self.shown(arguments))
            .replacingOccurrences(of: "{minutes}", with: "\(minutes)")
        return Ran(output: ToolOutput(result: result, confirmation: asked), note: .held)
    }

    /// The arguments as the contact reads them: one `name: value` line each, values as data.
    static func shown(_ arguments: JSONValue) -> String {
        guard case .object(let fields) = arguments, !fields.isEmpty else { return arguments.jsonText }
        return fields.keys.sorted().map { name in
            let value = fields[name].map { $0.stringValue ?? $0.jsonText } ?? ""
            return "• \(name): \(value)"
        }
        .joined(separator: "\n")
    }

    /// What the contact's messages decide about the call held for them: released by a clear yes in time (it runs,
    /// once), cancelled by anything else. Nil when nothing is held. The decision is stored with the turn, so a run
    /// of it again decides the same.
    func decideHeldCall(_ messages: [StoredMessage], tools: ToolRegistry, context: ToolContext) async throws
        -> (step: ToolStep, record: ToolCallRecord)?
    {
        // A call this very turn held (a run of it again) waits for the contact's next message, not this one.
        guard let held = try await store.heldToolCall(contactID: claim.contact.id, decidedBy: turn), held.turn != turn
        else { return nil }
        var released = held.released
        if held.decidedBy == nil {
            released = Self.isYes(messages) && timeSource.now() < held.expiresAt
            try await store.decideHeldToolCall(
                fingerprint: held.fingerprint, released: released, turn: turn, claim: claim, at: timeSource.now())
        }
        let arguments = JSONValue(parsing: held.arguments) ?? .object([:])
        let call = ToolCall(id: "confirmed_\(held.fingerprint.prefix(24))", name: held.tool, arguments: arguments)
        var (output, record) = (
            ToolOutput(result: ["error": .string(Self.cancelled)]),
            ToolCallRecord(
                name: held.tool, arguments: String(held.arguments.prefix(ToolCallRecord.maxArgumentLength)),
                error: "not confirmed", milliseconds: 0, journal: .cancelled)
        )
        if released {
            (output, record) = await tools.release(held, arguments: arguments, context: context)
        }
        let result = ToolResult(callID: call.id, name: call.name, output: output.result)
        return (ToolStep(calls: [call], results: [result]), record)
    }

    /// What the model is told of a held call the contact did not confirm.
    static let cancelled =
        "not done: the contact did not confirm this call (they answered something other than yes, or the time to "
        + "confirm ran out), so it was cancelled and did not run. Call it again only if they still want it."
}
