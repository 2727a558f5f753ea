import Foundation
import TagarelaCore

/// What the language-model providers (OpenAI's two APIs, Gemini) do alike with an answer's body.
enum ProviderAnswer {
    /// The largest answer read; a model's answer is a few kilobytes.
    static let maxBytes = 8 * 1024 * 1024

    /// `body` as `Answer`; a body that is not one fails for good: `LLMError.invalidResponse("not <what>: …")`.
    static func decode<Answer: Decodable>(_ type: Answer.Type, from body: Data, as what: String) throws -> Answer {
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch {
            throw LLMError.invalidResponse("not \(what): \(error)")
        }
    }
}
