import Foundation

/// What a turn gives whichever model answers it (a text model through the tool loop, or a speech-to-speech model):
/// the instructions with facts and knowledge, the memory, and the tools with their context.
struct TurnPreparation: Sendable {
    var history: [StoredMessage]
    /// The history after what the running summary covers.
    var recent: [StoredMessage]
    var covered: Int64
    var summary: MemorySummary?
    var reference: KnowledgeReference
    var systemPrompt: String
    /// The MCP servers' tools as listed now, and the built-in ones that apply to this turn.
    var tools: ToolRegistry
    var context: ToolContext
}

extension TurnProcessor {
    /// Reads the contact's memory, facts and summary, finds the knowledge passages, and lists the turn's tools.
    func prepare(_ claim: TurnClaim) async throws -> TurnPreparation {
        let lastID = claim.messages.map(\.id).max() ?? 0
        async let historyRead = store.history(
            contactID: claim.contact.id, upTo: lastID, limit: policy.memory.maxMessages)
        async let factsRead = store.facts(contactID: claim.contact.id)
        async let summaryRead = runningSummary(contactID: claim.contact.id)
        let (history, facts, summary) = try await (historyRead, factsRead, summaryRead)
        let reference = await knowledge?.reference(for: claim.messages, history: history) ?? KnowledgeReference()
        var systemPrompt = instructions(facts: facts, knowledge: reference.available)
        // Once the contact has a summary the sentence stays, the same in every turn: a stable prefix again.
        if summary?.block != nil { systemPrompt += "\n\n" + MemorySummary.instructions }
        // What the summary covers is read from it, not from the window.
        let covered = summary?.throughMessageID ?? 0
        let recent = history.filter { $0.id > covered }
        let catalogue = try await photos?.turnContext(contactID: claim.contact.id, turn: claim.messages)
        if let waiting = catalogue?.instructions {
            systemPrompt += "\n\n" + waiting
        }
        // MCP servers' tools as listed now: one list for the whole turn.
        var tools = await tools.current()
        if catalogue?.inUse != true {
            tools = tools.without(PhotoInput.toolNames)
        }
        if !reference.available {
            tools = tools.without([SearchKnowledgeTool.name])
        }
        var context = ToolContext(contact: claim.contact, facts: facts, now: timeSource.now())
        context.journal = ToolJournal(
            store: store, claim: claim, timeSource: timeSource, confirmWindow: policy.toolConfirmWindow,
            question: policy.texts.confirmTool)
        return TurnPreparation(
            history: history, recent: recent, covered: covered, summary: summary, reference: reference,
            systemPrompt: systemPrompt, tools: tools, context: context)
    }
}
