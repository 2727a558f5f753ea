extension FakeOpenAI.Request {
    /// The two routes the fake serves.
    public enum Endpoint: String, Sendable, Equatable {
        case chatCompletions = "/v1/chat/completions"
        case responses = "/v1/responses"
    }

    /// Which endpoint the request hit; nil for any other path (answered 404).
    public var endpoint: Endpoint? { Endpoint(rawValue: path) }

    /// One `input` item of a `/v1/responses` request.
    public struct InputItem: Sendable, Equatable {
        /// `message` (also for the short `{"role","content"}` form) or `function_call_output`.
        public var type: String
        /// The role of a message; nil for `function_call_output`.
        public var role: String?
        /// A message's text (its parts joined), or a `function_call_output`'s `output`.
        public var text: String
        /// The `call_id` a `function_call` or `function_call_output` carries.
        public var callID: String?
        /// A `function_call`'s function name (its `text` holds the arguments).
        public var name: String?
        /// A message's `input_image` parts, in order.
        public var images: [Image] = []

        public init(type: String, role: String?, text: String, callID: String? = nil, name: String? = nil) {
            self.type = type
            self.role = role
            self.text = text
            self.callID = callID
            self.name = name
        }
    }
}

extension FakeOpenAI {
    /// A scripted `/v1/responses` answer: its status and output items, in order.
    public struct ResponsesAnswer: Sendable, Equatable {
        /// One `output[]` item.
        public enum Item: Sendable, Equatable {
            /// A `reasoning` item with this summary text, as reasoning models put before their message.
            case reasoning(summary: String)
            /// An assistant `message` whose content is one `output_text` part per string.
            case message([String])
            /// A `function_call` item (arguments as JSON text); the chat endpoint plays it as a `tool_calls` entry.
            case functionCall(name: String, arguments: String)
        }

        /// `completed`, `incomplete`, `failed`...
        public var status: String
        public var output: [Item]
        /// `incomplete_details.reason` (`max_output_tokens`, `content_filter`) when incomplete.
        public var incompleteReason: String?
        /// The `error` object of a `failed` response.
        public var errorCode: String?
        public var errorMessage: String?

        public init(
            status: String = "completed",
            output: [Item],
            incompleteReason: String? = nil,
            errorCode: String? = nil,
            errorMessage: String? = nil
        ) {
            self.status = status
            self.output = output
            self.incompleteReason = incompleteReason
            self.errorCode = errorCode
            self.errorMessage = errorMessage
        }

        /// One completed message holding `text`: what `.text` plays on this endpoint.
        public static func completed(_ text: String) -> ResponsesAnswer {
            .init(output: [.message([text])])
        }

        /// Stopped early for `reason`, with whatever message items were produced so far.
        public static func incomplete(reason: String, output: [Item]) -> ResponsesAnswer {
            .init(status: "incomplete", output: output, incompleteReason: reason)
        }

        /// A `failed` response with no output.
        public static func failed(code: String, message: String) -> ResponsesAnswer {
            .init(status: "failed", output: [], errorCode: code, errorMessage: message)
        }

        /// The model calls these functions (arguments as JSON text), on either endpoint.
        public static func calling(_ calls: [(name: String, arguments: String)]) -> ResponsesAnswer {
            .init(output: calls.map { .functionCall(name: $0.name, arguments: $0.arguments) })
        }

        /// The function calls, in order.
        public var calls: [(name: String, arguments: String)] {
            output.compactMap { item in
                if case .functionCall(let name, let arguments) = item { (name, arguments) } else { nil }
            }
        }

        /// All the `output_text` of the message items, joined: what the chat endpoint answers.
        public var text: String {
            output.map { item in
                if case .message(let parts) = item { parts.joined() } else { "" }
            }.joined()
        }
    }
}
