import Foundation

extension Doctor {
    /// The chat model, transcription, speech and embeddings, each through its provider's read-only list or get.
    static func providers(_ configuration: Configuration) -> [any DoctorCheck] {
        var checks: [any DoctorCheck] = []
        if let openAI = configuration.openAI {
            checks.append(
                OpenAIModelsCheck(
                    name: "model (OpenAI)", baseURL: openAI.baseURL, apiKey: openAI.apiKey, model: openAI.model,
                    keySetting: "OPENAI_API_KEY", modelSetting: "OPENAI_MODEL"))
        }
        if let gemini = configuration.gemini {
            checks.append(
                GeminiModelCheck(
                    name: "model (Gemini)", baseURL: gemini.baseURL, apiKey: gemini.apiKey, model: gemini.model,
                    modelSetting: "GEMINI_MODEL"))
        }
        if checks.isEmpty {
            checks.append(Off(name: "model", because: "OPENAI_API_KEY, OPENAI_BASE_URL or GEMINI_API_KEY turns it on"))
        }
        checks.append(transcription(configuration))
        checks.append(speech(configuration.speech))
        checks.append(embeddings(configuration))
        return checks
    }

    static func transcription(_ configuration: Configuration) -> any DoctorCheck {
        let voice = configuration.voice
        switch voice.transcription {
        case .none:
            return Off(name: "transcription", because: "TRANSCRIPTION_PROVIDER turns it on")
        case .openai:
            return OpenAIModelsCheck(
                name: "transcription", baseURL: voice.baseURL, apiKey: voice.apiKey, model: voice.model,
                keySetting: "TRANSCRIPTION_API_KEY or OPENAI_API_KEY", modelSetting: "TRANSCRIPTION_MODEL")
        case .gemini:
            guard let gemini = configuration.gemini else {
                return Off(name: "transcription", because: "GEMINI_API_KEY")
            }
            return GeminiModelCheck(
                name: "transcription", baseURL: gemini.baseURL, apiKey: gemini.apiKey, model: voice.model,
                modelSetting: "TRANSCRIPTION_MODEL")
        }
    }

    static func speech(_ speech: SpeechSettings) -> any DoctorCheck {
        switch speech.provider {
        case .none:
            return Off(name: "speech", because: "TTS_PROVIDER or ELEVENLABS_API_KEY turns it on")
        case .openai:
            return OpenAIModelsCheck(
                name: "speech", baseURL: speech.openAIBaseURL, apiKey: speech.openAIKey, model: speech.openAIModel,
                keySetting: "TTS_API_KEY or OPENAI_API_KEY", modelSetting: "TTS_MODEL")
        case .elevenlabs:
            guard let key = speech.elevenLabsKey, let voice = speech.elevenLabsVoiceID else {
                return Off(name: "speech (ElevenLabs)", because: "ELEVENLABS_API_KEY and ELEVENLABS_VOICE_ID")
            }
            return ElevenLabsVoiceCheck(baseURL: speech.elevenLabsBaseURL, apiKey: key, voiceID: voice)
        }
    }

    static func embeddings(_ configuration: Configuration) -> any DoctorCheck {
        let knowledge = configuration.knowledge
        switch knowledge.provider {
        case .none:
            return Off(name: "embeddings", because: "EMBEDDINGS_PROVIDER turns them on; full-text search works without")
        case .openai:
            return OpenAIModelsCheck(
                name: "embeddings", baseURL: knowledge.baseURL, apiKey: knowledge.apiKey, model: knowledge.model,
                keySetting: "EMBEDDINGS_API_KEY or OPENAI_API_KEY", modelSetting: "EMBEDDINGS_MODEL")
        case .gemini:
            return GeminiModelCheck(
                name: "embeddings", baseURL: knowledge.baseURL, apiKey: knowledge.apiKey ?? "",
                model: knowledge.model, modelSetting: "EMBEDDINGS_MODEL")
        }
    }
}
