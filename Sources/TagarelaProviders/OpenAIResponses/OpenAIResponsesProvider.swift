import AsyncHTTPClient
import Foundation
import Logging
import TagarelaCore

/// An `LLMProvider` for OpenAI's Responses API in own-history mode: our memory window is sent whole on every
/// call with `store: false`, so nothing is kept at OpenAI and no `previous_response_id` or `conversation` is used.
public struct OpenAIResponsesProvider: LLMProvider {
    public let name = "openai"

    /// The Responses API refuses a `max_output_tokens` below this (OpenAPI spec: `minimum: 16`).
    static let minimumOutputTokens = 16

    let connection: ProviderConnection
    let endpoint: String

    /// `connection.baseURL` already ends in `/v1`. A `maxOutputTokens` below 16 is raised to 16.
    public init(_ connection: ProviderConnection) {
        var connection = connection
        connection.maxOutputTokens = connection.maxOutputTokens.map { max($0, Self.minimumOutputTokens) }
        self.connection = connection
        self.endpoint = connection.baseURL + "/responses"
    }

    public func reply(to request: LLMRequest) async throws -> LLMReply {
        let body = try makeBody(for: request)
        return try await connection.attempts(name) { try await attemptReply(body: body) }
    }

    /// Encodes the request once: every attempt sends the same bytes.
    func makeBody(for request: LLMRequest) throws -> Data {
        let input = request.messages.map(Self.inputItem(for:)) + request.steps.flatMap(stepItems)
        return try makeBody(for: request, input: input, conversation: nil)
    }

    /// The body with `input` as given: own history (`store: false`), or the items to add to `conversation`.
    func makeBody(for request: LLMRequest, input: [JSONValue], conversation: String?) throws -> Data {
        let tools = request.tools.map {
            ResponsesRequest.Tool(name: $0.name, description: $0.description, parameters: $0.parameters)
        }
        let payload = ResponsesRequest(
            model: connection.model,
            // `instructions` is never inherited from an earlier response, so it goes out every time.
            instructions: request.systemPrompt,
            input: input,
            store: conversation == nil ? false : nil,
            conversation: conversation,
            tools: tools.isEmpty ? nil : tools,
            toolChoice: tools.isEmpty || request.toolChoice == .auto ? nil : request.toolChoice.rawValue,
            // Kept items need no encrypted reasoning; `store: false` cannot replay reasoning without it.
            include: tools.isEmpty || conversation != nil ? nil : ["reasoning.encrypted_content"],
            maxOutputTokens: connection.maxOutputTokens,
            temperature: connection.temperature
        )
        do {
            return try JSONEncoder().encode(payload)
        } catch {
            throw LLMError.invalidResponse("could not encode the request: \(error)")
        }
    }

    /// One tool round as input items: our own output items as they came (reasoning included), or, when another
    /// provider made the calls, `function_call` items rebuilt from them; then one `function_call_output` per call.
    func stepItems(_ step: ToolStep) -> [JSONValue] {
        var items: [JSONValue]
        if let replay = step.replay, replay.provider == name, let replayed = replay.items.arrayValue {
            items = replayed
        } else {
            items = step.text.isEmpty ? [] : [["role": "assistant", "content": .string(step.text)]]
            items += step.calls.map {
                [
                    "type": "function_call", "call_id": .string($0.id), "name": .string($0.name),
                    "arguments": .string($0.arguments.jsonText),
                ]
            }
        }
        return items
            + step.results.map {
                ["type": "function_call_output", "call_id": .string($0.callID), "output": .string($0.output.jsonText)]
            }
    }

    /// The system prompt travels as `instructions`; a system message inside the history (the core sends none
    /// today) keeps its place as a `developer` item, the role the Responses API gives such text.
    static func inputRole(for role: ChatMessage.Role) -> String {
        switch role {
        case .user: "user"
        case .assistant: "assistant"
        case .system: "developer"
        }
    }
}
