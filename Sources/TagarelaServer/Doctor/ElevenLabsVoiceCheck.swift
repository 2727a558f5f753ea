import Foundation

/// `GET {base}/v1/voices/{voice_id}` with `xi-api-key`: the key works and the voice is there.
struct ElevenLabsVoiceCheck: DoctorCheck {
    let baseURL: URL
    let apiKey: String
    let voiceID: String
    let name = "speech (ElevenLabs)"

    func run(_ context: DoctorContext) async throws -> DoctorOutcome {
        let answer = try await context.http.get(
            "\(baseURL.absoluteString)/v1/voices/\(voiceID)", headers: [("xi-api-key", apiKey)],
            timeout: context.timeout)
        guard answer.isSuccess else {
            let detail = (answer.json?["detail"] as? [String: Any])?["message"] as? String
            return .failed(
                detail.map { "HTTP \(answer.status): \($0)" } ?? answer.refusal,
                fix: "check ELEVENLABS_API_KEY and ELEVENLABS_VOICE_ID in the ElevenLabs dashboard")
        }
        return .passed("voice \(answer.json?["name"] as? String ?? voiceID) answers")
    }
}
