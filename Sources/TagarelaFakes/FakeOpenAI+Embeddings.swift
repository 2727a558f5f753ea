import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore
import TagarelaCore

extension FakeOpenAI {
    /// The embedding models the fake knows and their lengths (OpenAI's embeddings guide).
    public static let embeddingDimensions = [
        "text-embedding-3-small": 1536, "text-embedding-3-large": 3072, "text-embedding-ada-002": 1536,
    ]

    /// Every embeddings request received so far, in arrival order.
    public func embeddingRequests() async -> [FakeEmbeddingRequest] { await embeddings.requests }

    /// Makes the next `count` embeddings requests fail with this status (a 500 is retried by clients, a 400 not).
    public func failEmbeddings(status: Int, count: Int = .max) async {
        await embeddings.fail(status: status, count: count)
    }
}

/// `POST /v1/embeddings`, checked as OpenAI checks it, answered with `FakeEmbedding` vectors.
struct FakeOpenAIEmbeddingsHandler: Sendable {
    let apiKey: String?
    let state: FakeEmbeddingLog

    /// OpenAI's limits per request (embeddings reference): 2,048 inputs, none empty, 8,192 tokens each.
    static let maxInputs = 2048
    static let maxInputTokens = 8192

    /// The answer for the embeddings path, nil for any other.
    func handle(_ request: HummingbirdCore.Request) async -> Response? {
        guard request.uri.path == "/v1/embeddings" else { return nil }
        let headers = FakeServer.headers(of: request)
        let body = (try? await request.body.collect(upTo: 16 << 20)) ?? ByteBuffer()
        var record = FakeEmbeddingRequest(model: nil, inputs: [])
        let failure = validate(headers: headers, method: request.method, body: body, into: &record)
        if let failure {
            record.rejection = failure.message
            await state.record(record)
            return failure.response
        }
        await state.record(record)
        if let status = await state.failure() {
            return OpenAIFailure(status: status, message: "The server had an error", type: "server_error").response
        }
        let dimensions = FakeOpenAI.embeddingDimensions[record.model ?? ""] ?? 1536
        let data: [[String: Any]] = record.inputs.enumerated().map { index, input in
            [
                "object": "embedding", "index": index,
                "embedding": FakeEmbedding.vector(for: input, dimensions: dimensions).map(Double.init),
            ]
        }
        let tokens = record.inputs.reduce(0) { $0 + MemoryWindow.estimatedTokens($1) }
        return jsonResponse(
            status: 200,
            [
                "object": "list", "data": data, "model": record.model ?? "",
                "usage": ["prompt_tokens": tokens, "total_tokens": tokens],
            ])
    }

    func validate(
        headers: [String: String], method: HTTPRequest.Method, body: ByteBuffer,
        into record: inout FakeEmbeddingRequest
    ) -> OpenAIFailure? {
        if let failure = OpenAIFailure.authentication(expected: apiKey, given: headers["authorization"]) {
            return failure
        }
        guard method == .post else { return OpenAIFailure(status: 405, message: "Method Not Allowed") }
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView)),
            case .object(let object) = json
        else { return .init(status: 400, message: "We could not parse the JSON body of your request.") }
        guard let model = object["model"]?.stringValue else {
            return .invalid("you must provide a model parameter", param: "model", code: "missing_required_parameter")
        }
        record.model = model
        guard FakeOpenAI.embeddingDimensions[model] != nil else {
            return .init(
                status: 404, message: "The model `\(model)` does not exist or you do not have access to it.",
                code: "model_not_found")
        }
        if let format = object["encoding_format"]?.stringValue, !["float", "base64"].contains(format) {
            return .invalid(
                "'\(format)' is not one of ['float', 'base64']", param: "encoding_format", code: "invalid_value")
        }
        let inputs: [String]
        switch object["input"] {
        case .string(let text): inputs = [text]
        case .array(let items) where items.allSatisfy({ $0.stringValue != nil }):
            inputs = items.compactMap(\.stringValue)
        default: return .invalid("'$.input' is invalid.", param: "input", code: "invalid_value")
        }
        record.inputs = inputs
        guard !inputs.isEmpty, inputs.count <= Self.maxInputs, inputs.allSatisfy({ !$0.isEmpty }) else {
            return .invalid("'$.input' is invalid.", param: "input", code: "invalid_value")
        }
        if inputs.contains(where: { MemoryWindow.estimatedTokens($0) > Self.maxInputTokens }) {
            return .invalid(
                "This model's maximum context length is \(Self.maxInputTokens) tokens.", param: "input",
                code: "context_length_exceeded")
        }
        return nil
    }
}
