import Foundation
import TagarelaCore

extension FakeOpenAIHandler {
    /// Every top-level field of `CreateResponse` in the 2026-08-21 spec; OpenAI rejects any other.
    static let responsesFields: Set<String> = [
        "background", "context_management", "conversation", "include", "input", "instructions",
        "max_output_tokens", "max_tool_calls", "metadata", "model", "moderation", "parallel_tool_calls",
        "previous_response_id", "prompt", "prompt_cache_key", "prompt_cache_options", "prompt_cache_retention",
        "reasoning", "safety_identifier", "service_tier", "store", "stream", "stream_options", "temperature",
        "text", "tool_choice", "tools", "top_logprobs", "top_p", "truncation", "user",
    ]

    static let responsesRoles: Set<String> = ["user", "assistant", "system", "developer"]

    /// The fields a response needs, typed as strictly as OpenAI types them.
    func validateResponsesBody(_ object: [String: JSONValue], into record: inout FakeOpenAI.Request)
        -> OpenAIFailure?
    {
        if let unknown = object.keys.sorted().first(where: { !Self.responsesFields.contains($0) }) {
            return .invalid("Unknown parameter: '\(unknown)'.", param: unknown, code: "unknown_parameter")
        }
        guard case .string(let model) = object["model"], !model.isEmpty else {
            return .init(status: 400, message: "you must provide a model parameter")
        }
        record.model = model
        if let failure = validateReferences(object, into: &record) { return failure }
        switch object["instructions"] {
        case nil, .null: break
        case .string(let text): record.instructions = text
        default:
            return .invalid(
                "Invalid type for 'instructions': expected a string.", param: "instructions", code: "invalid_type")
        }
        switch object["store"] {
        case nil, .null: break
        case .bool(let store): record.store = store
        default: return .invalid("Invalid type for 'store': expected a boolean.", param: "store", code: "invalid_type")
        }
        if let failure = validateLimits(object, into: &record) { return failure }
        if let failure = validateTools(object, nested: false, into: &record) { return failure }
        if let failure = validateInclude(object["include"], into: &record) { return failure }
        return validateInput(object["input"], into: &record)
    }

    /// `previous_response_id` and `conversation` exclude each other. This fake keeps no responses, so a
    /// previous response is never found; a conversation is looked up once the body has passed.
    func validateReferences(_ object: [String: JSONValue], into record: inout FakeOpenAI.Request) -> OpenAIFailure? {
        let previous = object["previous_response_id"].flatMap { $0 == .null ? nil : $0 }
        let conversation = object["conversation"].flatMap { $0 == .null ? nil : $0 }
        if previous != nil, conversation != nil {
            return .init(
                status: 400,
                message: "Mutually exclusive parameters: Ensure you are only providing one of: "
                    + "'previous_response_id' or 'conversation'.",
                code: "mutually_exclusive_parameters"
            )
        }
        if let previous {
            let id = if case .string(let text) = previous { text } else { "" }
            return .invalid(
                "Previous response with id '\(id)' not found.", param: "previous_response_id",
                code: "previous_response_not_found")
        }
        if let conversation {
            guard let id = conversation.stringValue ?? conversation["id"]?.stringValue else {
                return .invalid("Invalid type for 'conversation'.", param: "conversation", code: "invalid_type")
            }
            record.conversation = id
        }
        return nil
    }

    /// `max_output_tokens` (an integer, at least 16) and `temperature` (0 to 2).
    func validateLimits(_ object: [String: JSONValue], into record: inout FakeOpenAI.Request) -> OpenAIFailure? {
        if let limit = object["max_output_tokens"], limit != .null {
            guard case .int(let value) = limit else {
                return .invalid(
                    "Invalid type for 'max_output_tokens': expected an integer.", param: "max_output_tokens",
                    code: "invalid_type")
            }
            guard value >= 16 else {
                return .invalid(
                    "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got "
                        + "\(value) instead.",
                    param: "max_output_tokens", code: "integer_below_min_value")
            }
            record.maxOutputTokens = value
        }
        if let temperature = object["temperature"], temperature != .null {
            guard let value = temperature.number, (0...2).contains(value) else {
                return .invalid("Invalid 'temperature': expected 0 to 2.", param: "temperature", code: "invalid_value")
            }
            record.temperature = value
        }
        return nil
    }
}
