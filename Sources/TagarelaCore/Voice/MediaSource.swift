/// Downloads an inbound message's media from the channel it came by (Twilio's API host, Meta's Graph API).
public protocol MediaSource: Sendable {
    /// The bytes and their type; throws when the channel refuses, the file is larger than `maxBytes`, or the
    /// network fails.
    func download(_ media: MediaAttachment, maxBytes: Int) async throws -> AudioClip
}

/// How a voice note of a turn was heard, kept with the turn.
public struct VoiceRecord: Sendable, Equatable, Codable {
    public var messageID: Int64
    public var provider: String?
    public var model: String?
    public var bytes: Int = 0
    /// The audio's length, when known.
    public var audioMilliseconds: Int?
    /// How long hearing or speaking it took.
    public var milliseconds: Int
    /// Why it could not be heard; nil when it was.
    public var error: String?
    /// For speech, the characters spoken (what speech is priced by).
    public var characters: Int?
    /// Why the note was refused before it was heard (`quota`, `too_long`), for the metrics; nil otherwise.
    public var refused: String?
    /// On the record of a speech-to-speech session (`VOICE_PIPELINE=realtime`): `answered`, or why the turn fell
    /// back to the classic pipeline (`connect`, `error_event`, `timeout`, `closed`...); nil on other records.
    public var realtime: String?
}
