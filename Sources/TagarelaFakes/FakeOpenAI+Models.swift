import Foundation
import Hummingbird

extension FakeOpenAI {
    /// What `GET /v1/models` lists: the models Tagarela's defaults name, and a few more.
    public static let listedModels = [
        "gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "gpt-4o-transcribe", "gpt-4o-mini-transcribe", "whisper-1",
        "gpt-4o-mini-tts", "tts-1", "text-embedding-3-small", "text-embedding-3-large",
    ]
}

extension FakeOpenAIHandler {
    /// `GET /v1/models`: OpenAI's list object, after the same key check as every endpoint.
    /// (https://platform.openai.com/docs/api-reference/models/list)
    func listModels(_ record: inout FakeOpenAI.Request) async -> Response {
        if let failure = authFailure(record) {
            record.rejection = failure.message
            await state.script.record(record)
            return failure.response
        }
        await state.script.record(record)
        let data: [[String: Any]] = FakeOpenAI.listedModels.map {
            ["id": $0, "object": "model", "created": 1_715_367_049, "owned_by": "system"]
        }
        return jsonResponse(status: 200, ["object": "list", "data": data])
    }
}
