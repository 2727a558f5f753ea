import Foundation
import Logging

/// Asks the model and runs the tools it calls, round after round, until it answers in words, a tool ends the
/// turn, or the step budget is spent (the last round forbids tools, so the model must answer).
struct ToolLoop: Sendable {
    let llm: any LLMProvider
    let tools: ToolRegistry
    let logger: Logger

    struct Result: Sendable {
        /// The model's answer, or nil when a tool ended the turn with `notice`.
        var text: String?
        var notice: String?
        var usage: TokenUsage
        var provider: String
        var model: String
        var effects: [ToolEffect]
        var calls: [ToolCallRecord]
        /// Files the tools asked to send after the answer (photos from the catalogue).
        var attachments: [OutboundDraft] = []
        /// Questions Tagarela itself asks the contact after the answer (a call held for their yes).
        var confirmations: [String] = []
    }

    /// `messages` gives the conversation for a memory budget: called again with a quarter of it when the
    /// model says the conversation does not fit (once per turn). `source` is the stored history it is made from.
    /// `earlier` are steps the turn begins with (a confirmed call and its result), recorded as `earlierCalls`.
    func run(
        systemPrompt: String, messages: (_ shorter: Bool) -> [ChatMessage], source: [StoredMessage] = [],
        context: ToolContext, earlier: [ToolStep] = [], earlierCalls: [ToolCallRecord] = []
    ) async throws -> Result {
        var context = context
        var history = messages(false)
        var trimmed = false
        var steps = earlier
        var usage = TokenUsage.zero
        var calls = earlierCalls
        var attachments: [OutboundDraft] = []
        var confirmations: [String] = []
        var round = 0
        while true {
            let lastRound = round >= tools.maxSteps
            let request = LLMRequest(
                systemPrompt: systemPrompt, messages: history, tools: tools.definitions, steps: steps,
                toolChoice: lastRound && !tools.isEmpty ? .none : .auto, contactID: context.contact.id,
                source: source)
            let reply: LLMReply
            do {
                reply = try await llm.reply(to: request)
            } catch let error as LLMError where error.isContextTooLong && !trimmed {
                trimmed = true
                let shorter = messages(true)
                logger.warning(
                    "conversation too long for the model; trying once with a shorter memory",
                    metadata: ["messages": "\(history.count)", "kept": "\(shorter.count)"])
                history = shorter
                continue
            }
            usage = usage + reply.usage
            func result(text: String?, notice: String? = nil) -> Result {
                Result(
                    text: text, notice: notice, usage: usage, provider: reply.provider, model: reply.model,
                    effects: context.effects, calls: calls, attachments: attachments, confirmations: confirmations)
            }
            guard !reply.toolCalls.isEmpty else { return result(text: reply.text) }
            guard !lastRound else {
                // Asked to answer in words and called tools anyway: whatever text came is the answer.
                logger.warning("model kept calling tools past the step limit", metadata: ["steps": "\(round)"])
                return result(text: reply.text)
            }
            var progress = ToolProgress(calls: calls, attachments: attachments, confirmations: confirmations)
            let (results, endNotice) = await tools.runRound(reply.toolCalls, context: &context, progress: &progress)
            (calls, attachments, confirmations) = (progress.calls, progress.attachments, progress.confirmations)
            if let endNotice { return result(text: nil, notice: endNotice) }
            steps.append(ToolStep(text: reply.text, calls: reply.toolCalls, results: results, replay: reply.replay))
            round += 1
        }
    }
}

/// What a turn's tool calls have done so far: their records, the files and questions they leave for after the
/// answer.
struct ToolProgress: Sendable {
    var calls: [ToolCallRecord] = []
    var attachments: [OutboundDraft] = []
    var confirmations: [String] = []
}

extension ToolRegistry {
    /// Runs one round of the model's calls in order, with `context` (its effects, held calls) and `progress`
    /// carried from round to round; returns the results for the model and the notice of a tool that ends the turn.
    func runRound(
        _ toolCalls: [ToolCall], context: inout ToolContext, progress: inout ToolProgress
    ) async -> (results: [ToolResult], endNotice: String?) {
        var results: [ToolResult] = []
        var endNotice: String?
        for call in toolCalls {
            context.calls = progress.calls
            let (output, record) = await run(call, context: context)
            context.effects += output.effects
            progress.attachments += output.attachments
            if let question = output.confirmation {
                progress.confirmations.append(question)
                context.holdsCall = true
            }
            progress.calls.append(record)
            results.append(ToolResult(callID: call.id, name: call.name, output: output.result))
            endNotice = endNotice ?? output.endsTurnWith
        }
        return (results, endNotice)
    }
}

extension ContactFact {
    /// The system prompt with what is remembered about the contact, as data (the contact's own words, through the
    /// model), each fact with the id `forget_fact` takes.
    static func systemPrompt(_ base: String, facts: [ContactFact]) -> String {
        guard !facts.isEmpty else { return base }
        let remembered = facts.map { Remembered(id: $0.id, fact: $0.text) }
        return base + "\n\n"
            + ModelData.block(
                "contact_facts", intro: "What you know about this contact, saved earlier (`forget_fact` takes the id).",
                remembered)
    }

    private struct Remembered: Encodable {
        let id: Int64
        let fact: String
    }
}
