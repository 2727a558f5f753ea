import TagarelaCore

/// The JSON body of `POST /responses` in own-history mode.
struct ResponsesRequest: Encodable {
    /// A function tool: flat, unlike Chat Completions' nested `function`.
    struct Tool: Encodable {
        var type = "function"
        var name: String
        var description: String
        var parameters: JSONValue
    }

    var model: String
    var instructions: String
    /// Messages `{"role","content"}`, then this turn's `function_call`/`function_call_output` items (or the
    /// provider's own output items, replayed as they came).
    var input: [JSONValue]
    /// False in own-history mode; left out with a `conversation`, whose items OpenAI must keep.
    var store: Bool?
    /// Conversations mode: the contact's conversation at OpenAI (its items come before `input`).
    var conversation: String?
    var tools: [Tool]?
    var toolChoice: String?
    /// With `store: false`, reasoning items can only be replayed with their encrypted content.
    var include: [String]?
    var maxOutputTokens: Int?
    var temperature: Double?

    enum CodingKeys: String, CodingKey {
        case model, instructions, input, store, temperature, tools, include, conversation
        case toolChoice = "tool_choice"
        case maxOutputTokens = "max_output_tokens"
    }
}

/// The parts of a `response` object that a turn needs, read leniently.
struct ResponsesResponse: Decodable {
    /// One `output[]` item. `message` and `function_call` items are read; reasoning and others are skipped.
    struct OutputItem: Decodable {
        var type: String
        var content: [ContentPart] = []
        /// A `function_call`'s id to answer with (`call_id`, not `id`), name and arguments as JSON text.
        var callID: String?
        var name: String?
        var arguments: String?

        enum CodingKeys: String, CodingKey {
            case type, content, name, arguments
            case callID = "call_id"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.type = try container.decode(String.self, forKey: .type)
            // Other item types use `content` in other shapes; they must not spoil the whole answer.
            if type == "message" {
                self.content = try container.decodeIfPresent([ContentPart].self, forKey: .content) ?? []
            } else if type == "function_call" {
                self.callID = try container.decodeIfPresent(String.self, forKey: .callID)
                self.name = try container.decodeIfPresent(String.self, forKey: .name)
                self.arguments = try container.decodeIfPresent(String.self, forKey: .arguments)
            }
        }
    }

    /// The calls of the `function_call` items, in order.
    var toolCalls: [ToolCall] {
        (output ?? []).filter { $0.type == "function_call" }.compactMap { item in
            guard let callID = item.callID, let name = item.name else { return nil }
            return ToolCall(id: callID, name: name, arguments: ToolArguments.parse(item.arguments ?? ""))
        }
    }

    /// `output_text` carries `text`; `refusal` carries `refusal`.
    struct ContentPart: Decodable {
        var type: String
        var text: String?
        var refusal: String?
    }

    struct Usage: Decodable {
        var inputTokens: Int?
        var outputTokens: Int?

        enum CodingKeys: String, CodingKey {
            case inputTokens = "input_tokens"
            case outputTokens = "output_tokens"
        }
    }

    /// The `error` of a `failed` response.
    struct Failure: Decodable {
        var code: String?
        var message: String?
    }

    struct IncompleteDetails: Decodable {
        var reason: String?
    }

    var status: String?
    var model: String?
    var output: [OutputItem]?
    var usage: Usage?
    var error: Failure?
    var incompleteDetails: IncompleteDetails?

    enum CodingKeys: String, CodingKey {
        case status, model, output, usage, error
        case incompleteDetails = "incomplete_details"
    }

    /// Every `output_text` part of every message item, in order, joined as the SDKs' `output_text` joins them.
    var outputText: String {
        (output ?? []).filter { $0.type == "message" }
            .flatMap(\.content)
            .filter { $0.type == "output_text" }
            .compactMap(\.text)
            .joined()
    }

    /// The first refusal, to say why an answer has no text.
    var refusal: String? {
        (output ?? []).flatMap(\.content).first { $0.type == "refusal" }?.refusal
    }
}
