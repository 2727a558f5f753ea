/// The JSON body of `POST /responses` in own-history mode.
struct ResponsesRequest: Encodable {
    /// One conversation item in the short form `{"role","content":"…"}`.
    struct InputMessage: Encodable {
        var role: String
        var content: String
    }

    var model: String
    var instructions: String
    var input: [InputMessage]
    var store: Bool
    var maxOutputTokens: Int?
    var temperature: Double?

    enum CodingKeys: String, CodingKey {
        case model, instructions, input, store, temperature
        case maxOutputTokens = "max_output_tokens"
    }
}

/// The parts of a `response` object that a turn needs, read leniently.
struct ResponsesResponse: Decodable {
    /// One `output[]` item. Only `message` items are read; reasoning and tool items are skipped.
    struct OutputItem: Decodable {
        var type: String
        var content: [ContentPart] = []

        enum CodingKeys: String, CodingKey {
            case type, content
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.type = try container.decode(String.self, forKey: .type)
            // Other item types use `content` in other shapes; they must not spoil the whole answer.
            if type == "message" {
                self.content = try container.decodeIfPresent([ContentPart].self, forKey: .content) ?? []
            }
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
