/// Why a spoken answer failed; every case makes the turn go through the classic pipeline instead.
public enum SpeechToSpeechError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The connection or the WebSocket upgrade failed (a refused key answers the upgrade with 401).
    case connect(String)
    /// The server sent an `error` event.
    case server(code: String?, message: String)
    /// No connection within the connect timeout, or no finished answer within the answer timeout.
    case timeout(String)
    /// The server closed the connection before the answer was done.
    case closed(String)
    /// The server said something we cannot use (a failed response, no audio, bad base64).
    case invalidResponse(String)
    /// The audio could not be converted (the contact's note, or the answer).
    case audio(String)

    /// The `reason` label of the fallback metric: a few fixed words, never a message.
    public var reason: String {
        switch self {
        case .connect: "connect"
        case .server: "error_event"
        case .timeout: "timeout"
        case .closed: "closed"
        case .invalidResponse: "invalid_response"
        case .audio: "audio"
        }
    }

    public var description: String {
        switch self {
        case .connect(let detail): "could not connect: \(detail)"
        case .server(let code, let message): "server error\(code.map { " (\($0))" } ?? ""): \(message)"
        case .timeout(let detail): "timed out \(detail)"
        case .closed(let detail): "connection closed mid-answer: \(detail)"
        case .invalidResponse(let detail): "invalid response: \(detail)"
        case .audio(let detail): "audio: \(detail)"
        }
    }
}
