import Foundation
import TagarelaCore

extension GeminiProvider {
    /// Encodes the request once: every attempt sends the same bytes.
    func makeBody(for request: LLMRequest) throws -> Data {
        let (instruction, contents) = Self.contents(for: request)
        guard !contents.isEmpty else {
            // Gemini refuses an empty `contents` with a 400; failing here names the real cause.
            throw LLMError.invalidResponse("nothing to send: the conversation has no user message")
        }
        let config = GenerateContentRequest.GenerationConfig(
            maxOutputTokens: connection.maxOutputTokens,
            temperature: connection.temperature
        )
        let declarations = request.tools.map {
            GenerateContentRequest.Tool.FunctionDeclaration(
                name: $0.name, description: $0.description, parameters: GeminiSchema.shape($0.parameters))
        }
        let payload = GenerateContentRequest(
            systemInstruction: instruction.isEmpty ? nil : .init(role: nil, parts: [["text": .string(instruction)]]),
            contents: contents + request.steps.flatMap(stepContents),
            tools: declarations.isEmpty ? nil : [.init(functionDeclarations: declarations)],
            toolConfig: declarations.isEmpty || request.toolChoice == .auto
                ? nil : .init(functionCallingConfig: .init(mode: "NONE")),
            generationConfig: config.isEmpty ? nil : config
        )
        do {
            return try JSONEncoder().encode(payload)
        } catch {
            throw LLMError.invalidResponse("could not encode the request: \(error)")
        }
    }

    /// Splits a turn into Gemini's shape: the system text, and `user`/`model` contents in the same order.
    ///
    /// Gemini has no `system` role, so system messages join `systemInstruction`. Consecutive messages of one
    /// role become parts of one content (older models insist on alternating roles). Empty texts are dropped
    /// (Gemini answers 400 to an empty text part), and so are model messages before the first user one,
    /// because Gemini wants the conversation to open with the user.
    static func contents(for request: LLMRequest) -> (instruction: String, contents: [GenerateContentRequest.Content]) {
        var instructions = [request.systemPrompt]
        var contents: [GenerateContentRequest.Content] = []
        for original in request.messages {
            let message = original.role == .user ? original : original.withoutImages()
            guard !message.content.isEmpty || !message.images.isEmpty else { continue }
            let role: String
            switch message.role {
            case .system:
                instructions.append(message.content)
                continue
            case .user: role = "user"
            case .assistant: role = "model"
            }
            if contents.isEmpty, role != "user" { continue }
            let text: [JSONValue] = message.content.isEmpty ? [] : [["text": .string(message.content)]]
            let parts = imageParts(message.images) + text
            if contents.last?.role == role {
                contents[contents.count - 1].parts += parts
            } else {
                contents.append(.init(role: role, parts: parts))
            }
        }
        let instruction = instructions.filter { !$0.isEmpty }.joined(separator: "\n\n")
        return (instruction, contents)
    }

    /// A user's images as `inlineData` parts (bare base64, camelCase like the rest of this wire), placed before
    /// the text as Gemini's guide advises for an image with a prompt
    /// (https://ai.google.dev/gemini-api/docs/image-understanding).
    static func imageParts(_ images: [ModelImage]) -> [JSONValue] {
        images.map { image -> JSONValue in
            let data: JSONValue = [
                "mimeType": .string(image.mimeType), "data": .string(image.bytes.base64EncodedString()),
            ]
            return ["inlineData": data]
        }
    }

    /// The `thoughtSignature` Gemini documents for a function call it did not make, which skips its check.
    static let unsignedCall = "skip_thought_signature_validator"

    /// One tool round: the model's content with its calls (our own replayed unchanged, so every
    /// `thoughtSignature` goes back where it was; another provider's rebuilt), then the answers as a user content.
    func stepContents(_ step: ToolStep) -> [GenerateContentRequest.Content] {
        var parts: [JSONValue]
        if let replay = step.replay, replay.provider == name, let replayed = replay.items.arrayValue {
            parts = replayed
        } else {
            parts = step.text.isEmpty ? [] : [["text": .string(step.text)]]
            var calls: [JSONValue] = step.calls.map {
                ["functionCall": ["name": .string($0.name), "args": $0.arguments]]
            }
            // A call Gemini did not make (another provider's, or one the contact confirmed) has no signature, which
            // Gemini 3 refuses; its documented sentinel for such calls goes on the step's first call (Gemini API,
            // "Thought signatures"). Older models have no such check.
            if !calls.isEmpty, !connection.model.hasPrefix("gemini-1"), !connection.model.hasPrefix("gemini-2"),
                case .object(var first) = calls[0]
            {
                first["thoughtSignature"] = .string(Self.unsignedCall)
                calls[0] = .object(first)
            }
            parts += calls
        }
        let answers: [JSONValue] = step.results.map { result in
            // `response` must be an object; a bare value is wrapped.
            let response: JSONValue = result.output.objectValue != nil ? result.output : ["result": result.output]
            return ["functionResponse": ["name": .string(result.name), "response": response]]
        }
        return [.init(role: "model", parts: parts), .init(role: "user", parts: answers)]
    }
}
