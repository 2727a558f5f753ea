import Foundation
import TagarelaCore

extension FakeOpenAIHandler {
    /// Chat messages: roles, contents (a string or parts), and OpenAI's pairing of `tool_calls` with `tool` messages.
    func validateChatMessages(_ items: [JSONValue], into record: inout FakeOpenAI.Request) -> OpenAIFailure? {
        var unanswered: [String] = []
        for (index, item) in items.enumerated() {
            let param = "messages[\(index)]"
            guard case .object(let message) = item, case .string(let role) = message["role"],
                Self.roles.contains(role)
            else {
                return .invalid("Invalid value for 'role'.", param: "\(param).role", code: "invalid_value")
            }
            let calls = message["tool_calls"]?.arrayValue ?? []
            if role == "tool" {
                guard let callID = message["tool_call_id"]?.stringValue, unanswered.contains(callID) else {
                    return .invalid(
                        "Invalid parameter: messages with role 'tool' must be a response to a preceeding message "
                            + "with 'tool_calls'.", param: "\(param).role", code: "invalid_value")
                }
                unanswered.removeAll { $0 == callID }
                record.toolOutputs[callID] = message["content"]?.stringValue ?? ""
            } else if !unanswered.isEmpty {
                return Self.unansweredCalls(unanswered)
            }
            let mayOmitContent = role == "assistant" && !calls.isEmpty
            switch message["content"] {
            case .string(let content): record.messages.append(.init(role: role, content: content))
            case .array(let parts):
                do {
                    let text = try chatContentParts(parts, role: role, param: param, into: &record)
                    record.messages.append(.init(role: role, content: text))
                } catch {
                    return error.failure
                }
            case nil where mayOmitContent, .null where mayOmitContent: break
            default:
                let param = "\(param).content"
                return .invalid("Invalid type for '\(param)': expected a string.", param: param, code: "invalid_type")
            }
            for (callIndex, call) in calls.enumerated() {
                guard role == "assistant", let id = call["id"]?.stringValue, call["type"] == "function",
                    let name = call["function"]?["name"]?.stringValue,
                    call["function"]?["arguments"]?.stringValue != nil
                else {
                    let param = "\(param).tool_calls[\(callIndex)]"
                    return .invalid(
                        "Invalid '\(param)': expected {id, type: 'function', function: {name, arguments}}.",
                        param: param, code: "invalid_value")
                }
                unanswered.append(id)
                record.calledTools.append(name)
            }
        }
        return unanswered.isEmpty ? nil : Self.unansweredCalls(unanswered)
    }

    static func unansweredCalls(_ ids: [String]) -> OpenAIFailure {
        .invalid(
            "An assistant message with 'tool_calls' must be followed by tool messages responding to each "
                + "'tool_call_id'. The following tool_call_ids did not have response messages: "
                + ids.joined(separator: ", "), param: "messages", code: "invalid_value")
    }

    /// `tools`: Chat Completions nests the function (`nested`), the Responses API keeps it flat; a name in the
    /// wrong place is the classic mix-up, refused as OpenAI refuses it. `tool_choice` needs tools.
    func validateTools(
        _ object: [String: JSONValue], nested: Bool, into record: inout FakeOpenAI.Request
    ) -> OpenAIFailure? {
        let tools = object["tools"]?.arrayValue ?? []
        for (index, tool) in tools.enumerated() {
            let param = "tools[\(index)]"
            guard tool["type"] == "function" else {
                return .invalid("Invalid value for '\(param).type'.", param: "\(param).type", code: "invalid_value")
            }
            let function = nested ? tool["function"] : tool
            guard let function else {
                return .invalid(
                    "Missing required parameter: '\(param).function'.", param: "\(param).function",
                    code: "missing_required_parameter")
            }
            let prefix = nested ? "\(param).function" : param
            guard let name = function["name"]?.stringValue else {
                return .invalid(
                    "Missing required parameter: '\(prefix).name'.", param: "\(prefix).name",
                    code: "missing_required_parameter")
            }
            guard name.range(of: "^[a-zA-Z0-9_-]{1,64}$", options: .regularExpression) != nil else {
                return .invalid(
                    "Invalid '\(prefix).name': string does not match pattern.", param: "\(prefix).name",
                    code: "invalid_value")
            }
            if let parameters = function["parameters"], parameters["type"] != "object" {
                return .invalid(
                    "Invalid schema for function '\(name)': schema must be a JSON Schema of 'type: \"object\"'.",
                    param: "\(prefix).parameters", code: "invalid_function_parameters")
            }
            record.toolNames.append(name)
        }
        if let choice = object["tool_choice"], choice != .null {
            guard !tools.isEmpty else {
                return .invalid(
                    "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
                    param: "tool_choice", code: "invalid_value")
            }
            guard let text = choice.stringValue, ["none", "auto", "required"].contains(text) else {
                return .invalid("Invalid value for 'tool_choice'.", param: "tool_choice", code: "invalid_value")
            }
            record.toolChoice = text
        }
        return nil
    }

    /// `include`: known values only.
    func validateInclude(_ value: JSONValue?, into record: inout FakeOpenAI.Request) -> OpenAIFailure? {
        guard let value, value != .null else { return nil }
        let known: Set<String> = [
            "reasoning.encrypted_content", "message.output_text.logprobs", "web_search_call.action.sources",
            "code_interpreter_call.outputs", "computer_call_output.output.image_url", "file_search_call.results",
            "message.input_image.image_url",
        ]
        for (index, item) in (value.arrayValue ?? [value]).enumerated() {
            guard let text = item.stringValue, known.contains(text) else {
                return .invalid(
                    "Invalid value for 'include[\(index)]'.", param: "include[\(index)]", code: "invalid_value")
            }
            record.include.append(text)
        }
        return nil
    }

    /// With `store: false` nothing is remembered between requests: every `function_call_output` must answer a
    /// `function_call` item earlier in the same input.
    func validateFunctionItems(record: inout FakeOpenAI.Request) -> OpenAIFailure? {
        var calls: Set<String> = []
        for item in record.input {
            if item.type == "function_call", let callID = item.callID {
                calls.insert(callID)
                record.calledTools.append(item.name ?? "")
            }
            // In a conversation the call may be one of its items: checked against them later.
            if item.type == "function_call_output", let callID = item.callID {
                guard calls.contains(callID) || record.conversation != nil else {
                    return .invalid(
                        "No tool call found for function call output with call_id \(callID).", param: "input",
                        code: "invalid_value")
                }
                record.toolOutputs[callID] = item.text
            }
        }
        return nil
    }
}
