import Foundation

/// `GET {base}/models` with the key: the key works and the configured model is listed.
struct OpenAIModelsCheck: DoctorCheck {
    let name: String
    let baseURL: URL
    let apiKey: String?
    let model: String
    /// The setting holding the key, named in the fix.
    let keySetting: String
    /// The setting naming the model, for the fix.
    let modelSetting: String

    func run(_ context: DoctorContext) async throws -> DoctorOutcome {
        let headers = apiKey.map { [("Authorization", "Bearer \($0)")] } ?? []
        let answer = try await context.http.get(
            "\(baseURL.absoluteString)/models", headers: headers, timeout: context.timeout)
        if answer.status == 404, baseURL.host?.lowercased() != "api.openai.com" {
            return .skipped("\(baseURL.absoluteString) has no models list to check \(model) against")
        }
        guard answer.isSuccess else {
            return .failed(answer.refusal, fix: "check \(keySetting) (and the base URL \(baseURL.absoluteString))")
        }
        let listed = (answer.json?["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        guard listed.contains(model) else {
            return .failed(
                "the key works, but \(model) is not among its \(listed.count) models",
                fix: "set \(modelSetting) to one the server lists")
        }
        return .passed("\(baseURL.host ?? baseURL.absoluteString) lists \(model)")
    }
}
