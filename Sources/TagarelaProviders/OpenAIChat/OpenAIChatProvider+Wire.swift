import TagarelaCore

/// The JSON body of `POST /chat/completions`.
struct ChatCompletionRequest: Encodable {
    /// One message; Chat Completions takes the system prompt as the first message. An assistant message that
    /// called tools carries `tool_calls` (and may have no content); a tool's answer is a `tool` message.
    struct Message: Encodable {
        var role: String
        var content: Content?
        var toolCalls: [ToolCallItem]?
        var toolCallID: String?

        init(role: String, content: String?, toolCalls: [ToolCallItem]? = nil, toolCallID: String? = nil) {
            self.role = role
            self.content = content.map(Content.text)
            self.toolCalls = toolCalls
            self.toolCallID = toolCallID
        }

        /// A user's message with images: a `text` part, then an `image_url` part (an object, unlike the Responses
        /// API's string) per image (https://platform.openai.com/docs/guides/images-vision?api-mode=chat).
        init(user message: ChatMessage) {
            var parts: [JSONValue] =
                message.content.isEmpty ? [] : [["type": "text", "text": .string(message.content)]]
            parts += message.images.map { image -> JSONValue in
                let url: JSONValue = ["url": .string(image.dataURL), "detail": .string(image.detail.rawValue)]
                return ["type": "image_url", "image_url": url]
            }
            self.role = "user"
            self.content = .parts(parts)
        }

        /// A string, or an array of content parts.
        enum Content: Encodable {
            case text(String)
            case parts([JSONValue])

            func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                switch self {
                case .text(let text): try container.encode(text)
                case .parts(let parts): try container.encode(parts)
                }
            }
        }

        enum CodingKeys: String, CodingKey {
            case role, content
            case toolCalls = "tool_calls"
            case toolCallID = "tool_call_id"
        }
    }

    /// `{"id","type":"function","function":{"name","arguments":"<JSON text>"}}`, in requests and answers.
    struct ToolCallItem: Codable {
        struct Function: Codable {
            var name: String
            var arguments: String
        }

        var id: String
        var type: String = "function"
        var function: Function
    }

    /// Tools nest their definition under `function` here (the Responses API keeps it flat).
    struct Tool: Encodable {
        struct Function: Encodable {
            var name: String
            var description: String
            var parameters: JSONValue
        }

        var type = "function"
        var function: Function
    }

    var model: String
    var messages: [Message]
    var tools: [Tool]?
    var toolChoice: String?
    var maxCompletionTokens: Int?
    var maxTokens: Int?
    var temperature: Double?

    enum CodingKeys: String, CodingKey {
        case model, messages, temperature, tools
        case toolChoice = "tool_choice"
        case maxCompletionTokens = "max_completion_tokens"
        case maxTokens = "max_tokens"
    }
}

/// The parts of a `chat.completion` answer that a turn needs.
struct ChatCompletionResponse: Decodable {
    /// One candidate answer; `content` is null when the model only called tools or refused.
    struct Choice: Decodable {
        struct Message: Decodable {
            var content: String?
            var toolCalls: [ChatCompletionRequest.ToolCallItem]?

            enum CodingKeys: String, CodingKey {
                case content
                case toolCalls = "tool_calls"
            }
        }

        var message: Message?
    }

    /// Token counts; some local servers leave the object, or its fields, out.
    struct Usage: Decodable {
        var promptTokens: Int?
        var completionTokens: Int?

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
        }
    }

    var model: String?
    var choices: [Choice]
    var usage: Usage?
}

/// OpenAI's error envelope, `{"error":{"message","type","param","code"}}`, read leniently.
struct ChatCompletionErrorEnvelope: Decodable {
    var message: String
    var type: String?
    var code: String?

    enum CodingKeys: String, CodingKey {
        case error
    }

    enum DetailKeys: String, CodingKey {
        case message, type, code
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // Ollama's native routes answer `{"error":"some text"}` instead of the object.
        if let text = try? container.decode(String.self, forKey: .error) {
            self.message = text
            return
        }
        let detail = try container.nestedContainer(keyedBy: DetailKeys.self, forKey: .error)
        self.message = (try? detail.decodeIfPresent(String.self, forKey: .message)) ?? ""
        self.type = try? detail.decodeIfPresent(String.self, forKey: .type)
        // llama.cpp sends `code` as the HTTP status number; OpenAI sends a string or null.
        if let text = try? detail.decodeIfPresent(String.self, forKey: .code) {
            self.code = text
        } else if let number = try? detail.decodeIfPresent(Int.self, forKey: .code) {
            self.code = String(number)
        }
    }
}
