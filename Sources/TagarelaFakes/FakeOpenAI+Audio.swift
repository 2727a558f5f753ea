import Foundation

extension FakeOpenAI {
    /// One request to `/v1/audio/transcriptions` or `/v1/audio/speech`, rejected ones included.
    public struct AudioRequest: Sendable, Equatable {
        public var path: String
        /// Header names lowercased.
        public var headers: [String: String]
        public var model: String?
        /// Transcription: the multipart text fields as sent (`model`, `language`, `response_format`...).
        public var fields: [String: String] = [:]
        /// Transcription: the `file` part.
        public var filename: String?
        public var fileContentType: String?
        public var fileBytes: Data?
        /// Speech: the JSON fields.
        public var input: String?
        public var voice: String?
        public var instructions: String?
        public var responseFormat: String?
        /// Why the fake refused the request, nil when it passed validation.
        public var rejection: String?

        public var authorization: String? { headers["authorization"] }
        public var language: String? { fields["language"] }
    }

    /// How the fake answers a valid audio request.
    public indirect enum AudioReply: Sendable {
        /// A transcription: `{"text": …}` (`verbose_json` adds `language`).
        case transcript(String, language: String? = nil)
        /// Speech: a real tone in the requested `response_format`, as long as the input would take to say.
        case speech
        /// Speech: these bytes, whatever was asked (an MP3 when Opus was asked, garbage).
        case audio(Data, contentType: String)
        /// An OpenAI error JSON with this status; `retryAfter` sets that header.
        case error(status: Int, code: String?, type: String, message: String, retryAfter: String? = nil)
    }

    public typealias AudioResponder = @Sendable (AudioRequest) async -> AudioReply

    /// One-off audio replies, used in order before the audio responder.
    public func enqueueAudio(_ replies: [AudioReply]) async { await audio.enqueue(replies) }

    /// Replaces the default audio responder: `.speech` for speech, and for transcriptions a text that names
    /// the upload (`"transcrição de voice.ogg (11770 bytes)"`).
    public func setAudioResponder(_ responder: @escaping AudioResponder) async { await audio.setResponder(responder) }

    /// Every audio request received so far, in arrival order.
    public func audioRequests() async -> [AudioRequest] { await audio.requests }

    /// The audio endpoints' recorded requests and script, apart from the chat endpoints' own.
    typealias AudioState = ScriptedReplies<AudioRequest, AudioReply>

    /// Speech for speech; for a transcription, a text that names the upload.
    static let defaultAudioResponder: AudioResponder = { request in
        guard request.path.hasSuffix("/transcriptions") else { return .speech }
        return .transcript("transcrição de \(request.filename ?? "?") (\(request.fileBytes?.count ?? 0) bytes)")
    }
}
