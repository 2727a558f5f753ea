import Foundation
import TagarelaCore

extension FakeGeminiHandler {
    /// Top-level fields of a `GenerateContentRequest`; Google rejects unknown names, in either spelling.
    static let requestFields: Set<String> = [
        "contents", "systemInstruction", "system_instruction", "generationConfig", "generation_config",
        "safetySettings", "safety_settings", "tools", "toolConfig", "tool_config", "cachedContent", "cached_content",
    ]

    /// The fields that carry a part's data; a part holds exactly one of them.
    static let partData: Set<String> = [
        "text", "inlineData", "inline_data", "fileData", "file_data", "functionCall", "function_call",
        "functionResponse", "function_response", "executableCode", "executable_code", "codeExecutionResult",
        "code_execution_result",
    ]

    /// Fields that may sit beside a part's data.
    static let partMetadata: Set<String> = ["thought", "thoughtSignature", "thought_signature", "videoMetadata"]

    /// The body, checked field by field, with Google's wording where it is known.
    func validateBody(_ object: [String: JSONValue], into record: inout FakeGemini.Request) -> GeminiFailure? {
        if let unknown = object.keys.sorted().first(where: { !Self.requestFields.contains($0) }) {
            return .invalidArgument("Invalid JSON payload received. Unknown name \"\(unknown)\": Cannot find field.")
        }
        guard case .array(let items) = object["contents"], !items.isEmpty else {
            return .invalidArgument("* GenerateContentRequest.contents: contents is not specified")
        }
        for (index, item) in items.enumerated() {
            guard case .object(let content) = item, case .string(let role) = content["role"],
                role == "user" || role == "model"
            else {
                return .invalidArgument("Please use a valid role: user, model. (contents[\(index)].role)")
            }
            switch parts(of: content["parts"], at: "contents[\(index)]") {
            case .parts(let parts):
                record.contents.append(
                    .init(
                        role: role, parts: parts.texts, functionCalls: parts.calls,
                        functionResponses: parts.responses, inlineData: parts.inline))
            case .refused(let failure): return failure
            }
        }
        guard record.contents.first?.role == "user" else {
            return .invalidArgument("Please ensure that the first content of a multiturn request has the user role.")
        }
        if let instruction = object["systemInstruction"] ?? object["system_instruction"] {
            guard case .object(let content) = instruction else {
                return .invalidArgument("* GenerateContentRequest.system_instruction: expected an object")
            }
            switch parts(of: content["parts"], at: "system_instruction") {
            case .parts(let parts): record.systemInstruction = parts.texts.joined(separator: "\n")
            case .refused(let failure): return failure
            }
        }
        if let failure = validateFunctionTurns(record.contents) { return failure }
        if let failure = validateTools(object, into: &record) { return failure }
        return validateConfig(object["generationConfig"] ?? object["generation_config"], into: &record)
    }

    /// A `parts` array: every part must hold exactly one kind of data; the fake takes text, function calls and
    /// function responses.
    func parts(of value: JSONValue?, at path: String) -> PartsCheck {
        guard case .array(let parts) = value, !parts.isEmpty else {
            return .refused(
                .invalidArgument("* GenerateContentRequest.\(path).parts: contents.parts must not be empty"))
        }
        var read = ReadParts()
        for (index, part) in parts.enumerated() {
            let location = "\(path).parts[\(index)]"
            guard case .object(let fields) = part else {
                return .refused(.invalidArgument("* GenerateContentRequest.\(location): expected an object"))
            }
            if let unknown = fields.keys.sorted().first(where: {
                !Self.partData.contains($0) && !Self.partMetadata.contains($0)
            }) {
                return .refused(
                    .invalidArgument("Invalid JSON payload received. Unknown name \"\(unknown)\" at '\(location)'."))
            }
            let data = fields.keys.filter { Self.partData.contains($0) }
            guard data.count == 1 else {
                return .refused(
                    .invalidArgument(
                        "* GenerateContentRequest.\(location).data: required oneof field 'data' must have one "
                            + "initialized field (found \(data.count))"))
            }
            if let failure = read.add(fields, at: location) { return .refused(failure) }
        }
        return .parts(read)
    }

    /// The two settings Tagarela sends, typed as Google types them; other settings pass unchecked.
    func validateConfig(_ value: JSONValue?, into record: inout FakeGemini.Request) -> GeminiFailure? {
        guard let value, value != .null else { return nil }
        guard case .object(let config) = value else {
            return .invalidArgument("* GenerateContentRequest.generation_config: expected an object")
        }
        if let tokens = config["maxOutputTokens"] ?? config["max_output_tokens"], tokens != .null {
            guard case .int(let count) = tokens, count >= 1 else {
                return .invalidArgument("* GenerateContentRequest.generation_config.max_output_tokens: must be >= 1")
            }
            record.maxOutputTokens = count
        }
        if let temperature = config["temperature"], temperature != .null {
            guard let number = temperature.number, (0...2).contains(number) else {
                return .invalidArgument("* GenerateContentRequest.generation_config.temperature: must be in [0, 2]")
            }
            record.temperature = number
        }
        return nil
    }
}

/// The outcome of reading a `parts` array: what it holds, or the answer refusing it.
enum PartsCheck {
    case parts(ReadParts)
    case refused(GeminiFailure)
}
