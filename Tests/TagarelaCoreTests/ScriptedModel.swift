import Foundation
import TagarelaCore

/// An in-memory model that plays scripted replies in order and records every request it was sent.
actor ScriptedModel: LLMProvider {
    nonisolated let name = "scripted"
    private var script: [Result<LLMReply, LLMError>]
    private(set) var requests: [LLMRequest] = []

    init(_ script: [Result<LLMReply, LLMError>]) {
        self.script = script
    }

    func reply(to request: LLMRequest) async throws -> LLMReply {
        requests.append(request)
        guard !script.isEmpty else { throw LLMError.invalidResponse("script ran out") }
        return try script.removeFirst().get()
    }

    static func text(_ text: String) -> Result<LLMReply, LLMError> {
        .success(
            LLMReply(text: text, usage: TokenUsage(inputTokens: 10, outputTokens: 2), model: "m", provider: "scripted"))
    }

    /// A reply calling `calls` (name, arguments), ids `c1`, `c2`...
    static func calling(_ calls: [(String, JSONValue)], text: String = "") -> Result<LLMReply, LLMError> {
        let toolCalls = calls.enumerated().map {
            ToolCall(id: "c\($0.offset + 1)", name: $0.element.0, arguments: $0.element.1)
        }
        return .success(
            LLMReply(
                text: text, usage: TokenUsage(inputTokens: 5, outputTokens: 1), model: "m", provider: "scripted",
                toolCalls: toolCalls, replay: ProviderReplay(provider: "scripted", items: ["opaque"])))
    }
}

/// A tool that answers with its arguments after `delay`, or throws when told to.
struct EchoTool: Tool {
    var name = "echo"
    var delay: Duration = .zero
    var failure: String?

    var definition: ToolDefinition {
        ToolDefinition(name: name, description: "Echoes", parameters: ["type": "object", "properties": [:]])
    }

    func run(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        if delay > .zero { try await Task.sleep(for: delay) }
        if let failure { throw ToolError(failure) }
        return ToolOutput(result: ["echo": arguments])
    }
}

extension Contact {
    static func sample(phone: String? = "+5511987654321") -> Contact {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        return Contact(
            id: 7, phone: phone, userID: nil, localID: nil, profileName: "Ana", replyChannel: .twilio,
            replyAddress: "whatsapp:+5511987654321", firstSeenAt: now, lastSeenAt: now, inboundCount: 1,
            outboundCount: 0, optedOut: false)
    }
}
