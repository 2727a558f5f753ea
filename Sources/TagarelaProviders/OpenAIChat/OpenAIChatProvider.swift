import AsyncHTTPClient
import Foundation
import Logging
import TagarelaCore

/// An `LLMProvider` for OpenAI's Chat Completions API and the local servers that copy it (llama.cpp, Ollama, vLLM).
public struct OpenAIChatProvider: LLMProvider {
    public let name = "openai-chat"

    let httpClient: HTTPClient
    let endpoint: String
    let apiKey: String?
    let model: String
    let timeout: Duration
    let retryPolicy: RetryPolicy
    let maxOutputTokens: Int?
    let temperature: Double?
    let timeSource: any TimeSource
    let logger: Logger
    /// OpenAI's own host wants `max_completion_tokens`; the servers that copy the API know only `max_tokens`.
    let usesMaxCompletionTokens: Bool

    /// `baseURL` already ends in `/v1`; `apiKey` is nil for local servers that need none.
    public init(
        httpClient: HTTPClient,
        baseURL: String,
        apiKey: String?,
        model: String,
        timeout: Duration,
        retryPolicy: RetryPolicy,
        maxOutputTokens: Int? = nil,
        temperature: Double? = nil,
        timeSource: any TimeSource,
        logger: Logger
    ) {
        self.httpClient = httpClient
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.endpoint = base + "/chat/completions"
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
        self.model = model
        self.timeout = timeout
        self.retryPolicy = retryPolicy
        self.maxOutputTokens = maxOutputTokens
        self.temperature = temperature
        self.timeSource = timeSource
        self.logger = logger
        let host = URLComponents(string: base)?.host?.lowercased()
        self.usesMaxCompletionTokens = host == "api.openai.com"
    }

    public func reply(to request: LLMRequest) async throws -> LLMReply {
        let body = try makeBody(for: request)
        return try await ProviderAttempts.run(name, policy: retryPolicy, timeSource: timeSource, logger: logger) {
            try await attemptReply(body: body)
        }
    }

    /// Encodes the request once: every attempt sends the same bytes.
    func makeBody(for request: LLMRequest) throws -> Data {
        var messages = [ChatCompletionRequest.Message(role: "system", content: request.systemPrompt)]
        messages += request.messages.map { .init(role: $0.role.rawValue, content: $0.content) }
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
            model: model,
            messages: messages,
            tools: tools.isEmpty ? nil : tools,
            toolChoice: tools.isEmpty || request.toolChoice == .auto ? nil : request.toolChoice.rawValue,
            maxCompletionTokens: usesMaxCompletionTokens ? maxOutputTokens : nil,
            maxTokens: usesMaxCompletionTokens ? nil : maxOutputTokens,
            temperature: temperature
        )
        do {
            return try JSONEncoder().encode(payload)
        } catch {
            throw LLMError.invalidResponse("could not encode the request: \(error)")
        }
    }
}
