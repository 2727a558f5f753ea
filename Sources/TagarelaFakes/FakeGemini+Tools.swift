import Foundation
import TagarelaCore

extension FakeGemini.Request {
    /// A `functionCall` part as sent back by the client.
    public struct FunctionCall: Sendable, Equatable {
        public var name: String
        public var args: JSONValue
        public var thoughtSignature: String?
    }

    /// An `inlineData` part: media sent with the request (a voice note to transcribe).
    public struct InlineData: Sendable, Equatable {
        public var mimeType: String
        public var bytes: Data
    }

    /// Every inline file of the request, in order.
    public var inlineData: [InlineData] { contents.flatMap(\.inlineData) }

    /// A `functionResponse` part: the tool's answer, an object.
    public struct FunctionResponse: Sendable, Equatable {
        public var name: String
        public var response: JSONValue
    }

    /// Every function response of the request, in order.
    public var functionResponses: [FunctionResponse] { contents.flatMap(\.functionResponses) }
}

/// What one `parts` array holds, read part by part.
struct ReadParts {
    var texts: [String] = []
    var calls: [FakeGemini.Request.FunctionCall] = []
    var responses: [FakeGemini.Request.FunctionResponse] = []
    var inline: [FakeGemini.Request.InlineData] = []

    /// Audio and image types Gemini reads inline (https://ai.google.dev/gemini-api/docs/audio,
    /// https://ai.google.dev/gemini-api/docs/image-understanding).
    static let inlineTypes: Set<String> = [
        "audio/wav", "audio/mp3", "audio/mpeg", "audio/aiff", "audio/aac", "audio/ogg", "audio/flac", "image/png",
        "image/jpeg", "image/webp", "image/heic", "image/heif",
    ]

    /// Reads one part holding exactly one kind of data; nil when it is fine.
    mutating func add(_ fields: [String: JSONValue], at location: String) -> GeminiFailure? {
        let signature = (fields["thoughtSignature"] ?? fields["thought_signature"])?.stringValue
        if let call = fields["functionCall"] ?? fields["function_call"] {
            guard let name = call["name"]?.stringValue, !name.isEmpty else {
                return .invalidArgument("* GenerateContentRequest.\(location).function_call.name: name is required")
            }
            let args = call["args"] ?? .object([:])
            guard args.objectValue != nil else {
                return .invalidArgument("* GenerateContentRequest.\(location).function_call.args: expected an object")
            }
            calls.append(.init(name: name, args: args, thoughtSignature: signature))
            return nil
        }
        if let answer = fields["functionResponse"] ?? fields["function_response"] {
            guard let name = answer["name"]?.stringValue, !name.isEmpty else {
                return .invalidArgument(
                    "* GenerateContentRequest.\(location).function_response.name: name is required")
            }
            guard let response = answer["response"], response.objectValue != nil else {
                return .invalidArgument(
                    "* GenerateContentRequest.\(location).function_response.response: expected an object")
            }
            responses.append(.init(name: name, response: response))
            return nil
        }
        if let data = fields["inlineData"] ?? fields["inline_data"] {
            guard let mimeType = (data["mimeType"] ?? data["mime_type"])?.stringValue, !mimeType.isEmpty else {
                return .invalidArgument(
                    "* GenerateContentRequest.\(location).inline_data.mime_type: mime_type is required")
            }
            guard Self.inlineTypes.contains(mimeType) else {
                return .invalidArgument("Unsupported MIME type: \(mimeType)")
            }
            guard let base64 = data["data"]?.stringValue, let bytes = Data(base64Encoded: base64), !bytes.isEmpty else {
                return .invalidArgument("* GenerateContentRequest.\(location).inline_data.data: invalid base64")
            }
            // The model decodes an image: bytes that are no image of a type it reads are refused.
            if mimeType.hasPrefix("image/"),
                !(MediaSniffer.contentType(of: bytes).map { Self.inlineTypes.contains($0) } ?? false)
            {
                return .invalidArgument("Provided image is not valid.")
            }
            inline.append(.init(mimeType: mimeType, bytes: bytes))
            return nil
        }
        guard case .string(let text) = fields["text"] else {
            return .invalidArgument("* GenerateContentRequest.\(location): this fake takes text and function parts")
        }
        guard !text.isEmpty else {
            return .invalidArgument(
                "Unable to submit request because it has an empty text parameter. Add a value to the "
                    + "parameter and try again.")
        }
        texts.append(text)
        return nil
    }
}

extension FakeGeminiHandler {
    /// Function calls only in model turns, each answered by the next user turn with as many responses, by name.
    func validateFunctionTurns(_ contents: [FakeGemini.Request.Content]) -> GeminiFailure? {
        for (index, content) in contents.enumerated() {
            if content.role == "user", !content.functionCalls.isEmpty {
                return .invalidArgument("Please ensure that function call parts are in a model turn.")
            }
            if content.role == "model", !content.functionResponses.isEmpty {
                return .invalidArgument("Please ensure that function response parts are in a user turn.")
            }
            guard !content.functionResponses.isEmpty else { continue }
            let calls = index > 0 ? contents[index - 1].functionCalls : []
            guard calls.count == content.functionResponses.count else {
                return .invalidArgument(
                    "Please ensure that the number of function response parts is equal to the number of function "
                        + "call parts of the function call turn.")
            }
            guard calls.map(\.name).sorted() == content.functionResponses.map(\.name).sorted() else {
                return .invalidArgument("Please ensure that function response names match the function calls.")
            }
        }
        return nil
    }

    /// `tools[].functionDeclarations` and `toolConfig.functionCallingConfig.mode`.
    func validateTools(_ object: [String: JSONValue], into record: inout FakeGemini.Request) -> GeminiFailure? {
        if let tools = object["tools"], tools != .null {
            guard let list = tools.arrayValue else {
                return .invalidArgument("* GenerateContentRequest.tools: expected an array")
            }
            for (index, tool) in list.enumerated() {
                guard let declarations = (tool["functionDeclarations"] ?? tool["function_declarations"])?.arrayValue
                else {
                    return .invalidArgument("* GenerateContentRequest.tools[\(index)]: no functionDeclarations")
                }
                for declaration in declarations {
                    guard let name = declaration["name"]?.stringValue,
                        name.range(of: "^[A-Za-z_][A-Za-z0-9_.-]{0,63}$", options: .regularExpression) != nil
                    else {
                        return .invalidArgument(
                            "* GenerateContentRequest.tools[\(index)].function_declarations: invalid name")
                    }
                    if let parameters = declaration["parameters"],
                        parameters["type"]?.stringValue?.uppercased() != "OBJECT"
                    {
                        return .invalidArgument(
                            "* GenerateContentRequest.tools[\(index)].function_declarations[\(name)].parameters.type: "
                                + "must be OBJECT")
                    }
                    if let parameters = declaration["parameters"],
                        let failure = Self.checkSchema(
                            parameters, at: "tools[\(index)].function_declarations[\(name)].parameters")
                    {
                        return failure
                    }
                    record.toolSchemas[name] = declaration["parameters"]
                    record.toolNames.append(name)
                }
            }
        }
        if let config = object["toolConfig"] ?? object["tool_config"] {
            let mode = (config["functionCallingConfig"] ?? config["function_calling_config"])?["mode"]?.stringValue
            guard let mode, ["AUTO", "ANY", "NONE", "VALIDATED"].contains(mode) else {
                return .invalidArgument("* GenerateContentRequest.tool_config.function_calling_config.mode: invalid")
            }
            record.functionCallingMode = mode
        }
        return nil
    }

    /// Gemini 3 refuses a conversation whose function call turn lost the signature it came with; a call it did not
    /// make passes with the documented sentinel instead.
    static func checkSignatures(_ record: FakeGemini.Request, issued: Set<String>) -> GeminiFailure? {
        for content in record.contents where content.role == "model" {
            guard let first = content.functionCalls.first else { continue }
            guard let signature = first.thoughtSignature,
                issued.contains(signature) || signature == "skip_thought_signature_validator"
            else {
                return .invalidArgument(
                    "Function call is missing a thought_signature in functionCall parts. This is required for tools "
                        + "to work correctly, and missing thought_signature may lead to degraded model performance. "
                        + "Additional data, function call `default_api:\(first.name)`. Please refer to "
                        + "https://ai.google.dev/gemini-api/docs/thought-signatures for more details.")
            }
        }
        return nil
    }

    /// A `JSONValue` as `JSONSerialization` takes it.
    static func foundationObject(_ value: JSONValue) -> Any {
        switch value {
        case .null: NSNull()
        case .bool(let value): value
        case .int(let value): value
        case .double(let value): value
        case .string(let value): value
        case .array(let values): values.map(foundationObject)
        case .object(let object): object.mapValues(foundationObject)
        }
    }
}
