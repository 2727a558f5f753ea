/// Why a transcription, a synthesis or an audio conversion failed. Like `LLMError`, each case says whether
/// trying again later could help (`isRetryable`); providers have already retried what they could.
public enum VoiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The provider answered with an HTTP error (`code` is the provider's own error code, if any).
    case http(status: Int, code: String?, message: String)
    /// Billing or quota exhausted (OpenAI's `insufficient_quota` 429, ElevenLabs' `quota_exceeded` 401).
    case quotaExhausted(message: String)
    /// No answer within the configured timeout.
    case timeout
    /// The connection failed before an answer arrived.
    case transport(String)
    /// The provider's answer could not be understood.
    case invalidResponse(String)
    /// The audio is empty, in a format nobody here can read, or ffmpeg could not decode it.
    case invalidAudio(String)
    /// The audio has more bytes than allowed (an upload limit, or a note that cannot be made small enough).
    case audioTooLarge(bytes: Int, limit: Int)
    /// The audio plays longer than the provider accepts.
    case audioTooLong(duration: Duration, limit: Duration)
    /// The text would need more voice notes than allowed.
    case textTooLong(notesNeeded: Int, maxNotes: Int)
    /// ffmpeg or ffprobe failed or took too long; the message holds the end of its stderr.
    case conversionFailed(String)
    /// ffmpeg or ffprobe is not installed (or not where configured).
    case converterUnavailable(String)

    /// True when the same call could succeed later: a timeout, a lost connection, 408/409/429 or a 5xx.
    /// Everything else needs a change first (a key, a plan, the input, an installed ffmpeg).
    public var isRetryable: Bool {
        switch self {
        case .http(let status, _, _): status == 408 || status == 409 || status == 429 || (500..<600).contains(status)
        case .timeout, .transport: true
        case .quotaExhausted, .invalidResponse, .invalidAudio, .audioTooLarge, .audioTooLong, .textTooLong,
            .conversionFailed, .converterUnavailable:
            false
        }
    }

    /// The key was refused (401/403). A quota 401 from ElevenLabs is `.quotaExhausted`, never this.
    public var isInvalidCredentials: Bool {
        guard case .http(let status, _, _) = self else { return false }
        return status == 401 || status == 403
    }

    public var description: String {
        switch self {
        case .http(let status, let code, let message): "HTTP \(status)\(code.map { " (\($0))" } ?? ""): \(message)"
        case .quotaExhausted(let message): "quota exhausted: \(message)"
        case .timeout: "timed out"
        case .transport(let detail): "transport error: \(detail)"
        case .invalidResponse(let detail): "invalid response: \(detail)"
        case .invalidAudio(let detail): "invalid audio: \(detail)"
        case .audioTooLarge(let bytes, let limit): "audio too large: \(bytes) bytes, the limit is \(limit)"
        case .audioTooLong(let duration, let limit): "audio too long: \(duration), the limit is \(limit)"
        case .textTooLong(let needed, let maxNotes): "text too long: \(needed) voice notes needed, at most \(maxNotes)"
        case .conversionFailed(let detail): "audio conversion failed: \(detail)"
        case .converterUnavailable(let detail): "audio converter unavailable: \(detail)"
        }
    }
}
