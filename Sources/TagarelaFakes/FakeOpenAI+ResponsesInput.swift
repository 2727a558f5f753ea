import TagarelaCore

extension FakeOpenAIHandler {
    /// `input`: a string (one user message) or an array of message and `function_call_output` items.
    func validateInput(_ input: JSONValue?, into record: inout FakeOpenAI.Request) -> OpenAIFailure? {
        switch input {
        case .string(let text):
            record.input = [.init(type: "message", role: "user", text: text)]
        case .array(let items):
            guard !items.isEmpty else {
                return .invalid("Invalid 'input': empty array.", param: "input", code: "empty_array")
            }
            do {
                for (index, item) in items.enumerated() {
                    record.input.append(try inputItem(item, param: "input[\(index)]"))
                }
            } catch {
                return error.failure
            }
        case nil, .null:
            // The API allows no input with a stored prompt or conversation; this fake keeps neither.
            return .invalid("Missing required parameter: 'input'.", param: "input", code: "missing_required_parameter")
        default:
            return .invalid(
                "Invalid type for 'input': expected a string or an array of input items.", param: "input",
                code: "invalid_type")
        }
        record.images = record.input.flatMap(\.images)
        record.messages = record.input.compactMap { item in
            item.role.map { FakeOpenAI.Request.Message(role: $0, content: item.text) }
        }
        return validateFunctionItems(record: &record)
    }

    /// One item, either `{"role","content"}` (with or without `"type":"message"`) or a `function_call_output`.
    func inputItem(_ item: JSONValue, param: String) throws(InputRejection) -> FakeOpenAI.Request.InputItem {
        guard case .object(let object) = item else {
            throw InputRejection(
                .invalid("Invalid type for '\(param)': expected an object.", param: param, code: "invalid_type"))
        }
        switch object["type"] {
        case .string("function_call_output"):
            guard case .string(let callID) = object["call_id"] else {
                throw InputRejection(
                    .invalid(
                        "Missing required parameter: '\(param).call_id'.", param: "\(param).call_id",
                        code: "missing_required_parameter"))
            }
            guard case .string(let output) = object["output"] else {
                throw InputRejection(
                    .invalid(
                        "Invalid type for '\(param).output': expected a string.", param: "\(param).output",
                        code: "invalid_type"))
            }
            return .init(type: "function_call_output", role: nil, text: output, callID: callID)
        case .string("function_call"):
            guard case .string(let callID) = object["call_id"], case .string(let name) = object["name"],
                case .string(let arguments) = object["arguments"]
            else {
                throw InputRejection(
                    .invalid(
                        "Missing required parameter: '\(param).call_id', '\(param).name' or '\(param).arguments'.",
                        param: param, code: "missing_required_parameter"))
            }
            return .init(type: "function_call", role: nil, text: arguments, callID: callID, name: name)
        case .string("reasoning"):
            // Nothing is kept with `store: false`: a reasoning item comes back whole or not at all.
            guard case .string = object["encrypted_content"] else {
                let id = object["id"]?.stringValue ?? ""
                throw InputRejection(
                    .init(
                        status: 404,
                        message: "Item with id '\(id)' not found. Items are not persisted when `store` is set to "
                            + "false. Try again with `store` set to true, or remove this item from your input.",
                        param: param))
            }
            return .init(type: "reasoning", role: nil, text: "")
        case nil, .string("message"):
            guard case .string(let role) = object["role"], Self.responsesRoles.contains(role) else {
                throw InputRejection(
                    .invalid("Invalid value for '\(param).role'.", param: "\(param).role", code: "invalid_value"))
            }
            var images: [FakeOpenAI.Request.Image] = []
            let text = try messageContent(object["content"], role: role, param: "\(param).content", images: &images)
            var item = FakeOpenAI.Request.InputItem(type: "message", role: role, text: text)
            item.images = images
            return item
        default:
            // item_reference and other items need stored state this fake does not keep.
            throw InputRejection(
                .invalid("Invalid value for '\(param).type'.", param: "\(param).type", code: "invalid_value"))
        }
    }

    /// A message's `content`: a string, or parts. Assistant turns hold `output_text`, the others `input_text`, as
    /// OpenAI insists; a user's message may hold `input_image` parts too (`InputImageContentParamAutoParam`).
    func messageContent(
        _ content: JSONValue?, role: String, param: String, images: inout [FakeOpenAI.Request.Image]
    ) throws(InputRejection) -> String {
        if case .string(let text) = content { return text }
        guard case .array(let parts) = content else {
            throw InputRejection(
                .invalid(
                    "Invalid type for '\(param)': expected a string or an array.", param: param, code: "invalid_type"))
        }
        let expected = role == "assistant" ? "output_text" : "input_text"
        var text = ""
        for (index, part) in parts.enumerated() {
            if role == "user", part["type"] == "input_image" {
                let partParam = "\(param)[\(index)].image_url"
                images.append(
                    try Self.readImage(
                        url: part["image_url"], detail: part["detail"], role: role, param: partParam,
                        label: "Invalid '\(partParam)'.", details: ["low", "high", "auto", "original"],
                        maxLength: Self.maxImageURLLength))
                continue
            }
            guard case .object(let object) = part, case .string(let type) = object["type"], type == expected,
                case .string(let piece) = object["text"]
            else {
                throw InputRejection(
                    .invalid(
                        "Invalid value for '\(param)[\(index)]': expected an '\(expected)' part.",
                        param: "\(param)[\(index)]", code: "invalid_value"))
            }
            text += piece
        }
        return text
    }
}

/// Carries an input check's failure out of nested item and part checks; it only ever becomes an HTTP answer.
struct InputRejection: Error {
    var failure: OpenAIFailure

    init(_ failure: OpenAIFailure) { self.failure = failure }
}
