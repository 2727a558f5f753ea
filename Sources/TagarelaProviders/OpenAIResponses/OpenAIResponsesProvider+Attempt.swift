import Foundation
import Logging
import TagarelaCore

extension OpenAIResponsesProvider {
    /// One HTTP attempt: returns the reply, throws `RetryableFailure` when another attempt may help,
    /// or an `LLMError` when it cannot.
    func attemptReply(body: Data) async throws -> LLMReply {
        try await connection.openAIReply(body, to: endpoint, provider: "openai-responses", parse: parseReply)
    }

    /// Reads the text of the message items, the usage (zero when missing) and the model that answered.
    ///
    /// A response that stopped early (`incomplete`, e.g. at `max_output_tokens`) still counts when it holds
    /// text: a cut answer is better than none on WhatsApp. A `failed` one never does.
    func parseReply(_ body: Data) throws -> LLMReply {
        let decoded = try ProviderAnswer.decode(ResponsesResponse.self, from: body, as: "a response object")
        let status = decoded.status ?? "completed"
        if status == "failed" {
            let code = decoded.error?.code ?? "unknown"
            throw LLMError.invalidResponse("the response failed (\(code)): \(decoded.error?.message ?? "")")
        }
        let text = decoded.outputText
        let calls = decoded.toolCalls
        if !calls.isEmpty, status != "failed" {
            // Reasoning and function_call items go back exactly as they came, in their order.
            let items = (try? JSONDecoder().decode(RawOutput.self, from: body))?.output ?? []
            return LLMReply(
                text: text, usage: Self.usage(decoded), model: decoded.model ?? connection.model, provider: name,
                toolCalls: calls, replay: ProviderReplay(provider: name, items: .array(items)))
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            if let refusal = decoded.refusal {
                throw LLMError.invalidResponse("the model refused: \(refusal)")
            }
            let reason = decoded.incompleteDetails?.reason.map { ", reason \($0)" } ?? ""
            throw LLMError.invalidResponse("the answer held no text (status \(status)\(reason))")
        }
        if status != "completed" {
            connection.logger.warning(
                "openai-responses answer is \(status), using its partial text",
                metadata: ["reason": "\(decoded.incompleteDetails?.reason ?? "none")"]
            )
        }
        return LLMReply(
            text: text, usage: Self.usage(decoded), model: decoded.model ?? connection.model, provider: name)
    }

    static func usage(_ decoded: ResponsesResponse) -> TokenUsage {
        TokenUsage(inputTokens: decoded.usage?.inputTokens ?? 0, outputTokens: decoded.usage?.outputTokens ?? 0)
    }
}

/// The `output` array as raw JSON, for replaying it.
private struct RawOutput: Decodable {
    var output: [JSONValue]?
}
