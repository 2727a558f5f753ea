import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore
import TagarelaCore

extension FakeGemini {
    /// The embedding models the fake knows and their default lengths (Gemini's embeddings guide).
    public static let embeddingDimensions = ["gemini-embedding-001": 3072, "text-embedding-004": 768]

    /// Every `batchEmbedContents` request received so far, in arrival order.
    public func embeddingRequests() async -> [FakeEmbeddingRequest] { await embeddings.requests }

    /// Makes the next `count` embedding requests fail with this status.
    public func failEmbeddings(status: Int, count: Int = .max) async {
        await embeddings.fail(status: status, count: count)
    }
}

/// `POST /v1beta/models/{model}:batchEmbedContents`, checked as Gemini checks it
/// (https://ai.google.dev/api/embeddings), answered with `FakeEmbedding` vectors.
struct FakeGeminiEmbeddingsHandler: Sendable {
    let apiKey: String
    let state: FakeEmbeddingLog

    static let pathSuffix = ":batchEmbedContents"
    /// At most 100 requests per batch.
    static let maxRequests = 100
    static let taskTypes: Set<String> = [
        "RETRIEVAL_QUERY", "RETRIEVAL_DOCUMENT", "SEMANTIC_SIMILARITY", "CLASSIFICATION", "CLUSTERING",
        "QUESTION_ANSWERING", "FACT_VERIFICATION", "CODE_RETRIEVAL_QUERY",
    ]

    /// The answer for an embeddings path, nil for any other.
    func handle(_ request: HummingbirdCore.Request) async -> Response? {
        let path = request.uri.path
        guard path.hasPrefix(FakeGeminiHandler.pathPrefix), path.hasSuffix(Self.pathSuffix) else { return nil }
        let model = String(path.dropFirst(FakeGeminiHandler.pathPrefix.count).dropLast(Self.pathSuffix.count))
        let body = (try? await request.body.collect(upTo: 16 << 20)) ?? ByteBuffer()
        var record = FakeEmbeddingRequest(model: model, inputs: [])
        let headers = FakeServer.headers(of: request)
        if let failure = validate(model: model, headers: headers, body: body, into: &record) {
            record.rejection = failure.message
            await state.record(record)
            return failure.response
        }
        await state.record(record)
        if let status = await state.failure() {
            return GeminiFailure(status: status, rpcStatus: "INTERNAL", message: "An internal error has occurred.")
                .response
        }
        let dimensions = FakeGemini.embeddingDimensions[model] ?? 768
        let embeddings: [[String: Any]] = record.inputs.map {
            ["values": FakeEmbedding.vector(for: $0, dimensions: dimensions).map(Double.init)]
        }
        return jsonResponse(status: 200, ["embeddings": embeddings])
    }

    func validate(model: String, headers: [String: String], body: ByteBuffer, into record: inout FakeEmbeddingRequest)
        -> GeminiFailure?
    {
        guard let given = headers["x-goog-api-key"] else {
            return .init(
                status: 403, rpcStatus: "PERMISSION_DENIED",
                message: "Method doesn't allow unregistered callers (callers without established identity). "
                    + "Please use API Key or other form of API consumer identity to call this API.")
        }
        guard given == apiKey else {
            return .invalidArgument("API key not valid. Please pass a valid API key.", reason: "API_KEY_INVALID")
        }
        guard FakeGemini.embeddingDimensions[model] != nil else {
            return .init(
                status: 404, rpcStatus: "NOT_FOUND",
                message: "models/\(model) is not found for API version v1beta, or is not supported for "
                    + "batchEmbedContents.")
        }
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView)),
            let requests = json["requests"]?.arrayValue
        else { return .invalidArgument("Invalid JSON payload received. Unknown name or missing \"requests\".") }
        guard !requests.isEmpty, requests.count <= Self.maxRequests else {
            return .invalidArgument("* BatchEmbedContentsRequest.requests: at most \(Self.maxRequests) requests.")
        }
        for (index, item) in requests.enumerated() {
            guard item["model"]?.stringValue == "models/\(model)" else {
                return .invalidArgument(
                    "Model name of requests[\(index)] must be the same as the model in the URL: models/\(model).")
            }
            let parts = item["content"]?["parts"]?.arrayValue ?? []
            let text = parts.compactMap { $0["text"]?.stringValue }.joined()
            guard !text.isEmpty else {
                return .invalidArgument("* BatchEmbedContentsRequest.requests[\(index)].content: contains no text.")
            }
            if let task = item["taskType"]?.stringValue {
                guard Self.taskTypes.contains(task) else {
                    return .invalidArgument("Invalid value at 'requests[\(index)].task_type' (TYPE_ENUM), \"\(task)\"")
                }
                record.taskTypes.append(task)
            }
            record.inputs.append(text)
        }
        return nil
    }
}
