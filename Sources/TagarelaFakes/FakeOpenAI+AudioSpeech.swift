import Foundation
import TagarelaCore

extension FakeOpenAIAudioHandler {
    static let speechModels: Set<String> = ["tts-1", "tts-1-hd", "gpt-4o-mini-tts", "gpt-4o-mini-tts-2025-12-15"]
    static let speechVoices: Set<String> = [
        "alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse", "marin",
        "cedar",
    ]
    static let speechFormats: Set<String> = ["mp3", "opus", "aac", "flac", "wav", "pcm"]
    static let speechFields: Set<String> = [
        "model", "input", "voice", "instructions", "response_format", "speed", "stream_format",
    ]
    /// The longest `input` (OpenAI's speech reference), counted in Unicode scalars as OpenAI's Python server counts.
    static let maxSpeechInput = 4_096

    /// The JSON body of `POST /v1/audio/speech`, typed as strictly as OpenAI types it.
    func validateSpeech(_ body: Data, into record: inout FakeOpenAI.AudioRequest) -> OpenAIFailure? {
        let mediaType = record.headers["content-type"]?.split(separator: ";").first?.lowercased()
        guard mediaType == "application/json" else {
            return .init(status: 400, message: "This API method only accepts 'application/json' requests.")
        }
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: body), case .object(let object) = json else {
            return .init(status: 400, message: "We could not parse the JSON body of your request.")
        }
        if let unknown = object.keys.sorted().first(where: { !Self.speechFields.contains($0) }) {
            return .invalid("Unknown parameter: '\(unknown)'.", param: unknown, code: "unknown_parameter")
        }
        guard case .string(let model) = object["model"], Self.speechModels.contains(model) else {
            return .invalid("Invalid value for 'model'.", param: "model", code: "invalid_value")
        }
        record.model = model
        guard case .string(let input) = object["input"], !input.isEmpty else {
            return .invalid("Missing required parameter: 'input'.", param: "input", code: "missing_required_parameter")
        }
        record.input = input
        guard input.unicodeScalars.count <= Self.maxSpeechInput else {
            return .invalid(
                "Invalid 'input': string too long. Expected a string with maximum length 4096, but got a string "
                    + "with length \(input.unicodeScalars.count) instead.",
                param: "input", code: "string_above_max_length")
        }
        if let failure = validateVoice(object["voice"], into: &record) { return failure }
        switch object["response_format"] {
        case nil: break
        case .string(let format) where Self.speechFormats.contains(format): record.responseFormat = format
        default:
            return .invalid("Invalid value for 'response_format'.", param: "response_format", code: "invalid_value")
        }
        switch object["instructions"] {
        case nil: break
        // The tts-1 models ignore instructions; OpenAI refuses them there.
        case .string(let text) where model.hasPrefix("gpt-4o"): record.instructions = text
        default:
            return .invalid("Invalid value for 'instructions'.", param: "instructions", code: "invalid_value")
        }
        if let speed = object["speed"], !(speed.number.map { (0.25...4).contains($0) } ?? false) {
            return .invalid("Invalid 'speed': expected 0.25 to 4.", param: "speed", code: "invalid_value")
        }
        return nil
    }

    /// A built-in voice name, or `{"id": "voice_…"}` for a custom voice.
    func validateVoice(_ value: JSONValue?, into record: inout FakeOpenAI.AudioRequest) -> OpenAIFailure? {
        switch value {
        case .string(let voice) where Self.speechVoices.contains(voice):
            record.voice = voice
        case .object(let custom):
            guard case .string(let id) = custom["id"], id.hasPrefix("voice_") else { fallthrough }
            record.voice = id
        default:
            return .invalid("Invalid value for 'voice'.", param: "voice", code: "invalid_value")
        }
        return nil
    }
}
