import AsyncHTTPClient
import Foundation
import Logging
import TagarelaCore
import TagarelaProviders

extension Engine {
    /// How answers are spoken, or nil when they never are (no provider, or `VOICE_REPLIES=never`).
    static func makeVoiceOutput(
        _ configuration: Configuration, store: any MediaStore, httpClient: HTTPClient,
        timeSource: any TimeSource, logger: Logger
    ) -> VoiceOutput? {
        let speech = configuration.speech
        guard speech.mode != .never else { return nil }
        let models = configuration.models
        let retryPolicy = RetryPolicy(maxAttempts: models.maxAttempts)
        let converter = makeConverter(configuration.voice)
        let synthesizer: any SpeechSynthesizer
        switch speech.provider {
        case .none:
            return nil
        case .openai:
            synthesizer = OpenAISpeechSynthesizer(
                httpClient: httpClient, baseURL: speech.openAIBaseURL.absoluteString, apiKey: speech.openAIKey,
                model: speech.openAIModel, voice: speech.openAIVoice, timeout: models.timeout,
                retryPolicy: retryPolicy, converter: converter, timeSource: timeSource, logger: logger)
        case .elevenlabs:
            guard let key = speech.elevenLabsKey, let voiceID = speech.elevenLabsVoiceID else { return nil }
            synthesizer = ElevenLabsSynthesizer(
                httpClient: httpClient, baseURL: speech.elevenLabsBaseURL.absoluteString, apiKey: key,
                voiceID: voiceID, modelID: speech.elevenLabsModel, timeout: models.timeout, retryPolicy: retryPolicy,
                converter: converter, timeSource: timeSource, logger: logger)
        }
        return VoiceOutput(
            synthesizer: synthesizer, media: store, mode: speech.mode, withText: speech.withText,
            linkLifetime: speech.linkLifetime)
    }

    /// ffmpeg, and ffprobe beside it.
    static func makeConverter(_ voice: VoiceSettings) -> AudioConverter {
        AudioConverter(
            ffmpegPath: voice.ffmpegPath,
            ffprobePath: voice.ffmpegPath.hasSuffix("ffmpeg")
                ? String(voice.ffmpegPath.dropLast("ffmpeg".count)) + "ffprobe" : "ffprobe")
    }
}

extension Engine {
    /// Voice notes answered speech to speech (`VOICE_PIPELINE=realtime`), or nil for the classic pipeline only.
    /// The realtime path needs the classic one beside it (its fallback, and the notes' fetching), so it is off
    /// when voice notes are not heard at all.
    static func makeRealtimeVoice(
        _ configuration: Configuration, store: any MediaStore, hears: Bool, logger: Logger
    ) -> RealtimeVoice? {
        let realtime = configuration.realtime
        guard realtime.pipeline == .realtime, hears, let apiKey = realtime.apiKey else { return nil }
        let speech = configuration.speech
        let responder = OpenAIRealtimeResponder(
            baseURL: realtime.baseURL, apiKey: apiKey, model: realtime.model, voice: realtime.voice,
            connectTimeout: realtime.connectTimeout, answerTimeout: realtime.answerTimeout, logger: logger)
        return RealtimeVoice(
            responder: responder, converter: makeConverter(configuration.voice), media: store, mode: speech.mode,
            withText: speech.withText, linkLifetime: speech.linkLifetime,
            languageHint: configuration.voice.languageHint)
    }
}
