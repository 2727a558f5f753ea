import Foundation
import Hummingbird

extension GeminiFailure {
    /// Gemini's answers to no key (403 PERMISSION_DENIED) and a wrong one (400 API_KEY_INVALID); nil when right.
    static func key(given: String?, expected: String) -> GeminiFailure? {
        guard let given else {
            return .init(
                status: 403,
                rpcStatus: "PERMISSION_DENIED",
                message: "Method doesn't allow unregistered callers (callers without established identity). "
                    + "Please use API Key or other form of API consumer identity to call this API."
            )
        }
        guard given == expected else {
            return .invalidArgument("API key not valid. Please pass a valid API key.", reason: "API_KEY_INVALID")
        }
        return nil
    }
}

extension FakeGeminiHandler {
    /// `gemini-x` from `/v1beta/models/gemini-x` (no `:method`); nil for any other path.
    static func modelResource(in path: String) -> String? {
        guard path.hasPrefix(pathPrefix) else { return nil }
        let model = path.dropFirst(pathPrefix.count)
        return model.isEmpty || model.contains(":") || model.contains("/") ? nil : String(model)
    }

    /// `GET /v1beta/models/{model}` (`models.get`): the model's description, after the key check; the fake knows
    /// the `gemini-` models and its embedding models. (https://ai.google.dev/api/models#method:-models.get)
    func getModel(_ model: String, _ record: inout FakeGemini.Request) async -> Response {
        record.model = model
        var failure = GeminiFailure.key(given: record.apiKey, expected: apiKey)
        let known = model.hasPrefix("gemini-") || FakeGemini.embeddingDimensions[model] != nil
        if failure == nil, !known {
            failure = .init(
                status: 404, rpcStatus: "NOT_FOUND", message: "models/\(model) is not found for API version v1beta")
        }
        if let failure {
            record.rejection = failure.message
            await state.script.record(record)
            return failure.response
        }
        await state.script.record(record)
        let embeds = FakeGemini.embeddingDimensions[model] != nil
        return jsonResponse(
            status: 200,
            [
                "name": "models/\(model)", "version": "001", "displayName": model,
                "inputTokenLimit": embeds ? 2048 : 1_048_576, "outputTokenLimit": embeds ? 1 : 65_536,
                "supportedGenerationMethods": embeds
                    ? ["embedContent", "countTextTokens", "countTokens"]
                    : ["generateContent", "countTokens", "createCachedContent", "batchGenerateContent"],
            ])
    }
}
