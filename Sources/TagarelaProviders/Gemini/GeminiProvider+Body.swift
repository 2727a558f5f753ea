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
            maxOutputTokens: maxOutputTokens,
            temperature: temperature
        )
        let payload = GenerateContentRequest(
            systemInstruction: instruction.isEmpty ? nil : .init(role: nil, parts: [.init(text: instruction)]),
            contents: contents,
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
        for message in request.messages where !message.content.isEmpty {
            let role: String
            switch message.role {
            case .system:
                instructions.append(message.content)
                continue
            case .user: role = "user"
            case .assistant: role = "model"
            }
            if contents.isEmpty, role != "user" { continue }
            let part = GenerateContentRequest.Part(text: message.content)
            if contents.last?.role == role {
                contents[contents.count - 1].parts.append(part)
            } else {
                contents.append(.init(role: role, parts: [part]))
            }
        }
        let instruction = instructions.filter { !$0.isEmpty }.joined(separator: "\n\n")
        return (instruction, contents)
    }
}
