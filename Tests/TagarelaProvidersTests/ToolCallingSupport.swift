import TagarelaCore

/// Tools offered in the wire tests, and a way to answer a reply's calls as the core's loop would.
enum ToolFixtures {
    static let tools = [
        ToolDefinition(
            name: "current_time", description: "Now.",
            parameters: ["type": "object", "properties": ["time_zone": ["type": "string"]], "required": []]),
        ToolDefinition(
            name: "remember_fact", description: "Save.",
            parameters: ["type": "object", "properties": ["fact": ["type": "string"]], "required": ["fact"]]),
    ]

    static let question = LLMRequest(
        systemPrompt: "Você é a Tagarela.", messages: [ChatMessage(role: .user, content: "Que horas são?")],
        tools: tools)

    /// The next request: `request` plus one round answering every call of `reply`.
    static func answering(_ reply: LLMReply, after request: LLMRequest, toolChoice: ToolChoice = .auto) -> LLMRequest {
        var next = request
        let results = reply.toolCalls.map {
            ToolResult(callID: $0.id, name: $0.name, output: ["ok": true, "time": "09:00"])
        }
        next.steps.append(ToolStep(text: reply.text, calls: reply.toolCalls, results: results, replay: reply.replay))
        next.toolChoice = toolChoice
        return next
    }
}
