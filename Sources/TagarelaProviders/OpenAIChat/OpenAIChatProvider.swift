import AsyncHTTPClient
import Foundation
import Logging
import TagarelaCore

/// An `LLMProvider` for OpenAI's Chat Completions API and the local servers that copy it (llama.cpp, Ollama, vLLM).
public struct OpenAIChatProvider: LLMProvider {
    public let name = "openai-chat"

    let connection: ProviderConnection
    let endpoint: String
    /// OpenAI's own host wants `max_completion_tokens`; the servers that copy the API know only `max_tokens`.
    let usesMaxCompletionTokens: Bool

    /// `connection.baseURL` already ends in `/v1`; its `apiKey` is nil for local servers that need none.
    public init(_ connection: ProviderConnection) {
        self.connection = connection
        self.endpoint = connection.baseURL + "/chat/completions"
        self.usesMaxCompletionTokens = VisionSupport.isOpenAIsOwn(baseURL: connection.baseURL)
    }

    public func reply(to request: LLMRequest) async throws -> LLMReply {
        let body = try makeBody(for: request)
        return try await connection.attempts(name) { try await attemptReply(body: body) }
    }

    /// Encodes the request once: every attempt sends the same bytes.
    func makeBody(for request: LLMRequest) throws -> Data {
        var messages = [ChatCompletionRequest.Message(role: "system", content: request.systemPrompt)]
        messages += request.messages.map { message -> ChatCompletionRequest.Message in
            // Chat Completions takes image parts in user messages only; another role's images become notes.
            guard message.images.isEmpty || message.role != .user else { return .init(user: message) }
            let text = message.withoutImages()
            return .init(role: text.role.rawValue, content: text.content)
        }
        for step in request.steps {
            let calls = step.calls.map {
                ChatCompletionRequest.ToolCallItem(
                    id: $0.id, function: .init(name: $0.name, arguments: $0.arguments.jsonText))
            }
            messages.append(.init(role: "assistant", content: step.text.isEmpty ? nil : step.text, toolCalls: calls))
            messages += step.results.map { .init(role: "tool", content: $0.output.jsonText, toolCallID: $0.callID) }
        }
        let tools = request.tools.map {
            ChatCompletionRequest.Tool(
                function: .init(name: $0.name, description: $0.description, parameters: $0.parameters))
        }
        let payload = ChatCompletionRequest(
            model: connection.model,
            messages: messages,
            tools: tools.isEmpty ? nil : tools,
            toolChoice: tools.isEmpty || request.toolChoice == .auto ? nil : request.toolChoice.rawValue,
            maxCompletionTokens: usesMaxCompletionTokens ? connection.maxOutputTokens : nil,
            maxTokens: usesMaxCompletionTokens ? nil : connection.maxOutputTokens,
            temperature: connection.temperature
        )
        do {
            return try JSONEncoder().encode(payload)
        } catch {
            throw LLMError.invalidResponse("could not encode the request: \(error)")
        }
    }
}
