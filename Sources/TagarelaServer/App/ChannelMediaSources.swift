import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import TagarelaChannels
import TagarelaCore
import TagarelaProviders

/// Twilio media: a `MediaUrlN` on the API host, then Twilio's CDN without the credentials.
struct TwilioMediaSource: MediaSource {
    let client: TwilioMediaClient

    func download(_ media: MediaAttachment, maxBytes: Int) async throws -> AudioClip {
        guard let url = media.url else { throw VoiceError.invalidAudio("the message names no media URL") }
        let file = try await client.fetch(url, limit: maxBytes)
        var clip = AudioClip(
            bytes: file.bytes, contentType: file.contentType ?? media.mimeType ?? "application/octet-stream")
        clip.filename = file.filename
        return clip
    }
}

/// Meta media: the Graph API lookup by id, then the URL it gives, with the bearer token.
struct MetaMediaSource: MediaSource {
    let client: MetaMediaClient

    func download(_ media: MediaAttachment, maxBytes: Int) async throws -> AudioClip {
        guard let id = media.id else { throw VoiceError.invalidAudio("the message names no media id") }
        let file = try await client.fetch(mediaID: id, limit: maxBytes)
        return AudioClip(
            bytes: file.bytes, contentType: file.mimeType ?? media.mimeType ?? "application/octet-stream")
    }
}

extension Engine {
    /// How voice notes are heard, or nil when no transcription is configured.
    static func makeVoiceInput(
        _ configuration: Configuration, store: any MediaStore, sources: [ChannelKind: any MediaSource],
        httpClient: HTTPClient, timeSource: any TimeSource, logger: Logger
    ) -> VoiceInput? {
        let voice = configuration.voice
        guard
            let transcriber = makeTranscriber(
                configuration, httpClient: httpClient, timeSource: timeSource, logger: logger)
        else { return nil }
        return VoiceInput(
            transcriber: transcriber, sources: sources, languageHint: voice.languageHint,
            maxDuration: voice.maxDuration, meter: makeConverter(voice), quota: configuration.mediaQuota,
            keep: voice.retention > .zero ? (store, voice.retention) : nil,
            timeSource: timeSource)
    }

    static func makeTranscriber(
        _ configuration: Configuration, httpClient: HTTPClient, timeSource: any TimeSource, logger: Logger
    ) -> (any Transcriber)? {
        let voice = configuration.voice
        let models = configuration.models
        let retryPolicy = RetryPolicy(maxAttempts: models.maxAttempts)
        let converter = makeConverter(voice)
        switch voice.transcription {
        case .none:
            return nil
        case .openai:
            return OpenAITranscriber(
                httpClient: httpClient, baseURL: voice.baseURL.absoluteString, apiKey: voice.apiKey,
                model: voice.model, timeout: models.timeout, retryPolicy: retryPolicy, converter: converter,
                timeSource: timeSource, logger: logger)
        case .gemini:
            guard let gemini = configuration.gemini else { return nil }
            let provider = GeminiProvider(
                ProviderConnection(
                    httpClient: httpClient, baseURL: gemini.baseURL.absoluteString, apiKey: gemini.apiKey,
                    model: voice.model, timeout: models.timeout, retryPolicy: retryPolicy, temperature: 0,
                    timeSource: timeSource, logger: logger))
            return GeminiTranscriber(gemini: provider, converter: converter)
        }
    }
}

extension Engine {
    /// Where each channel's inbound files are downloaded from, through the one outbound-fetch policy; the clients
    /// allow the largest file WhatsApp carries, and each download asks for its kind's own limit.
    static func makeMediaSources(_ configuration: Configuration, logger: Logger) -> [ChannelKind: any MediaSource] {
        var sources: [ChannelKind: any MediaSource] = [:]
        let fetcher = OutboundFetcher(allowsLoopback: configuration.server.outboundAllowsLoopback)
        let largest = MediaLimits.whatsApp.largest
        if let twilio = configuration.twilio {
            sources[.twilio] = TwilioMediaSource(
                client: TwilioMediaClient(
                    fetcher: fetcher, accountSID: twilio.accountSID, authToken: twilio.authToken,
                    apiBaseURL: twilio.apiBaseURL.absoluteString, timeout: .seconds(30), maxBytes: largest))
        }
        if let meta = configuration.meta {
            sources[.meta] = MetaMediaSource(
                client: MetaMediaClient(
                    fetcher: fetcher, accessToken: meta.accessToken,
                    graphAPIBaseURL: meta.graphAPIBaseURL.absoluteString, timeout: .seconds(30), maxBytes: largest,
                    logger: logger))
        }
        return sources
    }
}

extension Configuration {
    /// `MEDIA_DAILY_LIMIT` and `MEDIA_DAILY_MB`, counted per contact and day of the budgets' zone.
    var mediaQuota: MediaQuota {
        MediaQuota(
            dailyCount: guards.mediaDailyCount, dailyBytes: guards.mediaDailyBytes,
            timeZone: models.budgets.timeZone)
    }
}
