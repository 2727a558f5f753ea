import Foundation

/// `GET {base}/models/{model}` (Gemini's `models.get`) with `x-goog-api-key`: the key works and knows the model.
struct GeminiModelCheck: DoctorCheck {
    let name: String
    let baseURL: URL
    let apiKey: String
    let model: String
    /// The setting naming the model, for the fix.
    let modelSetting: String

    func run(_ context: DoctorContext) async throws -> DoctorOutcome {
        let answer = try await context.http.get(
            "\(baseURL.absoluteString)/models/\(model)", headers: [("x-goog-api-key", apiKey)],
            timeout: context.timeout)
        guard answer.isSuccess else {
            let fix =
                answer.status == 404
                ? "set \(modelSetting) to a model Gemini lists"
                : "make a key in Google AI Studio and set GEMINI_API_KEY"
            return .failed(answer.refusal, fix: fix)
        }
        return .passed("\(model) answers")
    }
}
