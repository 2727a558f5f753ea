/// The JSON body of `POST …/models/{model}:generateContent`; nil fields are left out.
struct GenerateContentRequest: Encodable {
    /// One text part; the API also takes inline data, function calls and more, which a text turn never sends.
    struct Part: Encodable {
        var text: String
    }

    /// A turn of the conversation (`role` is `user` or `model`), or the system instruction (no role).
    struct Content: Encodable {
        var role: String?
        var parts: [Part]
    }

    struct GenerationConfig: Encodable {
        var maxOutputTokens: Int?
        var temperature: Double?

        var isEmpty: Bool { maxOutputTokens == nil && temperature == nil }
    }

    var systemInstruction: Content?
    var contents: [Content]
    var generationConfig: GenerationConfig?
}

/// The parts of a `GenerateContentResponse` that a turn needs; every field may be missing.
struct GenerateContentResponse: Decodable {
    /// One answer; `content` (or its `parts`) is missing when the candidate was stopped (SAFETY, MAX_TOKENS…).
    struct Candidate: Decodable {
        var content: Content?
        var finishReason: String?
    }

    struct Content: Decodable {
        var role: String?
        var parts: [Part]?
    }

    /// A text part, a thought summary (`thought: true`), or a part kind a text turn ignores (functionCall…).
    struct Part: Decodable {
        var text: String?
        var thought: Bool?
    }

    /// Set when the prompt itself was blocked; `candidates` is then empty or missing.
    struct PromptFeedback: Decodable {
        var blockReason: String?
        var blockReasonMessage: String?
    }

    struct UsageMetadata: Decodable {
        var promptTokenCount: Int?
        var candidatesTokenCount: Int?
        /// Thinking models bill their reasoning as output but leave it out of `candidatesTokenCount`.
        var thoughtsTokenCount: Int?
        var totalTokenCount: Int?
    }

    var candidates: [Candidate]?
    var promptFeedback: PromptFeedback?
    var usageMetadata: UsageMetadata?
    var modelVersion: String?
    var responseId: String?
}
