import Foundation
import Hummingbird

extension FakeElevenLabsHandler {
    /// ElevenLabs' 401 for a missing or wrong `xi-api-key`; nil when it is right.
    func keyFailure(_ record: FakeElevenLabs.Request) -> ElevenLabsFailure? {
        guard let given = record.apiKey else {
            return ElevenLabsFailure(status: 401, detailStatus: "missing_api_key", message: "Missing API key.")
        }
        guard given == apiKey else {
            return ElevenLabsFailure(status: 401, detailStatus: "invalid_api_key", message: "Invalid API key")
        }
        return nil
    }

    /// `GET /v1/voices/{voice_id}`: the voice, or 404 voice_not_found. (https://elevenlabs.io/docs/api-reference/voices/get)
    func getVoice(_ record: inout FakeElevenLabs.Request) async -> Response {
        let voiceID = String(record.path.dropFirst("/v1/voices/".count))
        record.voiceID = voiceID
        var failure = keyFailure(record)
        if failure == nil, !voiceIDs.contains(voiceID) {
            failure = ElevenLabsFailure(
                status: 404, detailStatus: "voice_not_found",
                message: "A voice with the voice_id \(voiceID) was not found.")
        }
        if let failure {
            record.rejection = failure.message
            await state.record(record)
            return failure.response
        }
        await state.record(record)
        return jsonResponse(
            status: 200, ["voice_id": voiceID, "name": "Test voice", "category": "premade", "labels": [:]])
    }
}
