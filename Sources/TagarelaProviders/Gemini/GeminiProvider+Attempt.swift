import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import TagarelaCore

extension GeminiProvider {
    /// One HTTP attempt: returns the reply, throws `RetryableFailure` when another attempt may help,
    /// or an `LLMError` when it cannot.
    func attemptReply(body: Data) async throws -> LLMReply {
        let bytes = try await connection.geminiRequest(
            body, to: endpoint, provider: "gemini", maxBodySize: ProviderAnswer.maxBytes)
        return try parseReply(bytes)
    }

    /// Reads the first candidate's text (thoughts left out), the usage (zero when missing) and the model.
    func parseReply(_ body: Data) throws -> LLMReply {
        let decoded = try ProviderAnswer.decode(
            GenerateContentResponse.self, from: body, as: "a generateContent answer")
        guard let candidate = decoded.candidates?.first else {
            if let feedback = decoded.promptFeedback, let reason = feedback.blockReason {
                let detail = feedback.blockReasonMessage.map { ": \($0)" } ?? ""
                throw LLMError.invalidResponse("Gemini blocked the prompt (\(reason))\(detail)")
            }
            throw LLMError.invalidResponse("the answer held no candidates")
        }
        let parts = candidate.content?.parts ?? []
        let text = parts.filter { $0.thought != true }.compactMap(\.text).joined()
        let finishReason = candidate.finishReason ?? "none"
        let calls = parts.compactMap(\.functionCall).enumerated().map { index, call in
            // Gemini 2.x sends no call id; the answer is matched by name and order, so any unique id serves.
            ToolCall(id: call.id ?? "call_\(index)", name: call.name, arguments: call.args ?? .object([:]))
        }
        if !calls.isEmpty {
            let raw = try? JSONDecoder().decode(RawCandidates.self, from: body)
            let replay = raw?.candidates?.first?.content?.parts.map {
                ProviderReplay(provider: name, items: .array($0))
            }
            return LLMReply(
                text: text, usage: Self.usage(decoded), model: answeringModel(decoded), provider: name,
                toolCalls: calls, replay: replay)
        }
        guard !text.isEmpty else {
            if finishReason == "STOP" || finishReason == "none" {
                throw LLMError.invalidResponse("the answer held no text")
            }
            throw LLMError.invalidResponse("Gemini stopped with \(finishReason) and no text")
        }
        if finishReason != "STOP" {
            // MAX_TOKENS keeps a useful, if cut, answer; the log says why it may end mid-sentence.
            connection.logger.notice("gemini answer ended early", metadata: ["finishReason": "\(finishReason)"])
        }
        return LLMReply(text: text, usage: Self.usage(decoded), model: answeringModel(decoded), provider: name)
    }

    static func usage(_ decoded: GenerateContentResponse) -> TokenUsage {
        let usage = decoded.usageMetadata
        return TokenUsage(
            inputTokens: usage?.promptTokenCount ?? 0,
            outputTokens: (usage?.candidatesTokenCount ?? 0) + (usage?.thoughtsTokenCount ?? 0)
        )
    }

    func answeringModel(_ decoded: GenerateContentResponse) -> String {
        decoded.modelVersion.flatMap { $0.isEmpty ? nil : $0 } ?? connection.model
    }
}

/// The first candidate's parts as raw JSON, to replay them unchanged.
private struct RawCandidates: Decodable {
    struct Candidate: Decodable {
        struct Content: Decodable {
            var parts: [JSONValue]?
        }

        var content: Content?
    }

    var candidates: [Candidate]?
}
