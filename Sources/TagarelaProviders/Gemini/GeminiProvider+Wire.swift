import TagarelaCore

/// The JSON body of `POST …/models/{model}:generateContent`; nil fields are left out.
struct GenerateContentRequest: Encodable {
    /// A turn of the conversation (`role` is `user` or `model`), or the system instruction (no role). Parts are
    /// raw JSON: `{"text"}`, `{"functionCall"}`, `{"functionResponse"}`, and the model's own parts replayed
    /// with their `thoughtSignature` exactly as they came.
    struct Content: Encodable {
        var role: String?
        var parts: [JSONValue]
    }

    struct Tool: Encodable {
        struct FunctionDeclaration: Encodable {
            var name: String
            var description: String
            var parameters: JSONValue
        }

        var functionDeclarations: [FunctionDeclaration]
    }

    struct ToolConfig: Encodable {
        struct FunctionCallingConfig: Encodable {
            var mode: String
        }

        var functionCallingConfig: FunctionCallingConfig
    }

    struct GenerationConfig: Encodable {
        var maxOutputTokens: Int?
        var temperature: Double?

        var isEmpty: Bool { maxOutputTokens == nil && temperature == nil }
    }

    var systemInstruction: Content?
    var contents: [Content]
    var tools: [Tool]?
    var toolConfig: ToolConfig?
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

    /// A text part, a thought summary (`thought: true`), a function call, or a part kind a turn ignores.
    struct Part: Decodable {
        struct FunctionCall: Decodable {
            var id: String?
            var name: String
            var args: JSONValue?
        }

        var text: String?
        var thought: Bool?
        var functionCall: FunctionCall?
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
    }

    var candidates: [Candidate]?
    var promptFeedback: PromptFeedback?
    var usageMetadata: UsageMetadata?
    var modelVersion: String?
}
