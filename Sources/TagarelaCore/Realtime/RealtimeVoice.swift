import Foundation

/// Answers voice notes by voice in one speech-to-speech session (`VOICE_PIPELINE=realtime`), with the same
/// instructions, memory and tools a text turn has; the turn falls back to the classic pipeline (transcribe →
/// model → speak) when the session fails.
public struct RealtimeVoice: Sendable {
    let responder: any SpeechToSpeech
    let converter: any PCMConverter
    /// Where the answer's voice notes are kept for as long as their links live.
    let media: any MediaStore
    /// `VOICE_REPLIES`: realtime answers only the turns that are to be answered by voice.
    let mode: VoiceOutput.Mode
    /// `VOICE_REPLY_WITH_TEXT`: the transcript goes too, after the voice notes.
    let withText: Bool
    let linkLifetime: Duration
    let limits: VoiceNoteLimits
    /// About 20 audio tokens a second of speech (OpenAI's pricing of realtime audio): 1,500 tokens are about a
    /// minute, well within one 500 KB voice note at 32 kbit/s.
    let maxOutputTokens: Int
    /// `TRANSCRIPTION_LANGUAGE`, for the transcript of the contact's notes.
    let languageHint: String?

    public init(
        responder: any SpeechToSpeech, converter: any PCMConverter, media: any MediaStore, mode: VoiceOutput.Mode,
        withText: Bool, linkLifetime: Duration, limits: VoiceNoteLimits = .whatsApp, maxOutputTokens: Int = 1_500,
        languageHint: String? = nil
    ) {
        self.responder = responder
        self.converter = converter
        self.media = media
        self.mode = mode
        self.withText = withText
        self.linkLifetime = linkLifetime
        self.limits = limits
        self.maxOutputTokens = maxOutputTokens
        self.languageHint = languageHint
    }

    /// Whether the turn goes through the session: it holds a voice note, only texts beside it (no photo or other
    /// file the session could not be given), and is to be answered by voice (the contact's choice, else
    /// `VOICE_REPLIES`).
    func wanted(for messages: [StoredMessage], contact: Contact) -> Bool {
        guard messages.contains(where: { $0.kind == .audio }),
            messages.allSatisfy({ $0.kind == .audio || $0.kind == .text })
        else { return false }
        switch contact.replyMode {
        case .voice: return true
        case .text: return false
        case nil: return mode != .never
        }
    }

    /// The answer's PCM as voice notes within the channel's limits: one note, or, when it comes out too large,
    /// the audio cut into as many parts (at quiet points) as needed, up to `limits.maxNotes`.
    func notes(from pcm: Data) async throws -> [VoiceNote] {
        var parts = 1
        while true {
            var notes: [VoiceNote] = []
            for piece in PCM16.split(pcm, into: parts) {
                notes.append(try await converter.voiceNote(fromPCM: piece))
            }
            let largest = notes.map(\.byteCount).max() ?? 0
            if largest <= limits.maxNoteBytes { return notes }
            let needed = max(parts + 1, parts * ((largest + limits.maxNoteBytes - 1) / limits.maxNoteBytes))
            guard needed <= limits.maxNotes else {
                throw VoiceError.audioTooLarge(bytes: largest, limit: limits.maxNoteBytes)
            }
            parts = needed
        }
    }
}

/// Runs the session's tool calls through the turn's registry and journal, keeping what they did for the turn's
/// record: the session calls it from its own task, one round at a time.
actor RealtimeToolRunner {
    let tools: ToolRegistry
    private(set) var context: ToolContext
    private(set) var progress = ToolProgress()
    private(set) var endNotice: String?

    init(tools: ToolRegistry, context: ToolContext) {
        self.tools = tools
        self.context = context
    }

    func run(_ calls: [ToolCall]) async -> ToolRoundOutcome {
        var context = context
        var progress = progress
        let (results, notice) = await tools.runRound(calls, context: &context, progress: &progress)
        self.context = context
        self.progress = progress
        endNotice = endNotice ?? notice
        return ToolRoundOutcome(results: results, endsTurn: notice != nil)
    }
}
