import Foundation
import Logging

/// Hears a turn's voice notes: downloads each from its channel, transcribes it, and stores the transcript as
/// the message's text, so memory shows what the contact said. A note that cannot be heard gets a friendly
/// notice (type or resend) and is logged; it never holds up the contact's other messages.
public struct VoiceInput: Sendable {
    let transcriber: any Transcriber
    let sources: [ChannelKind: any MediaSource]
    /// `TRANSCRIPTION_LANGUAGE`, e.g. `pt`; nil lets the provider detect it.
    let languageHint: String?
    /// `MAX_VOICE_NOTE_SECONDS`: longer notes are neither kept nor sent to the transcriber.
    let maxDuration: Duration?
    /// Measures each note before anything else is done with it.
    let meter: any AudioMeter
    /// How many notes, and bytes of them, a contact may send a day.
    let quota: MediaQuota
    /// Where a copy of each note is kept, and for how long (`VOICE_RETENTION_DAYS`); nil keeps none.
    let keep: (store: any MediaStore, retention: Duration)?
    /// Dates the kept copies (and their expiry).
    let timeSource: any TimeSource

    public init(
        transcriber: any Transcriber, sources: [ChannelKind: any MediaSource], languageHint: String?,
        maxDuration: Duration? = nil, meter: any AudioMeter = OggOpusMeter(), quota: MediaQuota = .off,
        keep: (store: any MediaStore, retention: Duration)? = nil, timeSource: any TimeSource = SystemTimeSource()
    ) {
        self.meter = meter
        self.quota = quota
        self.timeSource = timeSource
        self.transcriber = transcriber
        self.sources = sources
        self.languageHint = languageHint
        self.maxDuration = maxDuration
        self.keep = keep
    }

    /// How far a note is measured when no limit is set: WhatsApp's 16 MB of voice never play this long.
    static let longestMeasured: Duration = .seconds(6 * 3600)

    /// What hearing a turn's notes gave: its messages with the transcripts in, the notes that failed, records.
    struct Heard: Sendable {
        var messages: [StoredMessage]
        var failed: [Int64]
        var records: [VoiceRecord]
        /// Notes refused because the contact's media of the day are past the quota.
        var overQuota: [Int64] = []
        /// Notes fetched, measured and kept but not transcribed yet (a speech-to-speech model hears them itself),
        /// in the turn's order.
        var pending: [PendingNote] = []
    }

    /// A voice note ready to be heard: its bytes, and its media as they are to be stored.
    struct PendingNote: Sendable {
        var index: Int
        var message: StoredMessage
        var media: MediaAttachment
        var clip: AudioClip
        var started: ContinuousClock.Instant
    }

    /// Fetches, counts, measures and keeps each of the turn's voice notes, then transcribes them, unless
    /// `transcribing` is false: then they are left in `pending` for `transcribe(_:store:logger:)`.
    func hear(
        _ messages: [StoredMessage], store: any TurnQueue, logger: Logger, transcribing: Bool = true
    ) async throws -> Heard {
        var heard = Heard(messages: messages, failed: [], records: [])
        for (index, message) in messages.enumerated() {
            guard message.kind == .audio, let media = message.media, media.transcript == nil else { continue }
            let started = ContinuousClock.now
            do {
                guard
                    let note = try await fetch(message, media: media, index: index, store: store, into: &heard)
                else { continue }
                heard.pending.append(note)
            } catch let error as StorageError {
                throw error
            } catch {
                try await failed(
                    message, media: media, started: started, error: error, into: &heard, store: store,
                    logger: logger)
            }
        }
        return transcribing ? try await transcribe(heard, store: store, logger: logger) : heard
    }

    /// Transcribes the notes `heard` holds pending and stores each transcript as its message's text.
    func transcribe(_ heard: Heard, store: any TurnQueue, logger: Logger) async throws -> Heard {
        var heard = heard
        let pending = heard.pending
        heard.pending = []
        for note in pending {
            do {
                let transcript = try await transcriber.transcribe(note.clip, languageHint: languageHint)
                try await stored(
                    transcript.text, of: note, provider: transcript.provider, model: transcript.model, store: store,
                    into: &heard)
            } catch let error as StorageError {
                throw error
            } catch {
                try await failed(
                    note.message, media: note.media, started: note.started, error: error, into: &heard,
                    store: store, logger: logger)
            }
        }
        return heard
    }

    /// Stores what a note said as its message's text (a speech-to-speech model's transcript, or the
    /// transcriber's), and records it; blank is no speech, a failure.
    func stored(
        _ said: String, of note: PendingNote, provider: String?, model: String?, store: any TurnQueue,
        into heard: inout Heard
    ) async throws {
        let text = said.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw VoiceError.invalidAudio("no speech in the voice note") }
        var media = note.media
        media.transcript = text
        // Stored before the turn completes: a turn run again finds it heard and does not pay twice.
        try await store.recordTranscript(messageID: note.message.id, media: media)
        heard.messages[note.index].media = media
        heard.messages[note.index].text = text
        heard.records.append(
            VoiceRecord(
                messageID: note.message.id, provider: provider, model: model, bytes: note.clip.bytes.count,
                audioMilliseconds: media.durationMilliseconds,
                milliseconds: (ContinuousClock.now - note.started).wholeMilliseconds))
    }

    /// Downloads, counts, measures and keeps one note; nil when the contact's quota refused it (recorded).
    private func fetch(
        _ message: StoredMessage, media: MediaAttachment, index: Int, store: any TurnQueue, into heard: inout Heard
    ) async throws -> PendingNote? {
        let started = ContinuousClock.now
        var media = media
        guard let source = sources[message.channel] else {
            throw VoiceError.invalidResponse("no media download for \(message.channel.rawValue)")
        }
        var clip = try await source.download(media, maxBytes: MediaLimits.whatsApp.maxBytes(for: .audio))
        // Counted once downloaded, before it is measured, kept or heard; a turn run again after a lost lease
        // finds the note's transcript stored and does not count it twice.
        if !quota.isOff {
            let day = quota.dayStart(of: timeSource.now())
            guard
                try await store.takeMediaAllowance(
                    contactID: message.contactID, bytes: clip.bytes.count, day: day, quota: quota)
            else {
                heard.overQuota.append(message.id)
                heard.records.append(
                    VoiceRecord(
                        messageID: message.id, bytes: clip.bytes.count,
                        milliseconds: (ContinuousClock.now - started).wholeMilliseconds,
                        error: "past the contact's daily media quota", refused: "quota"))
                return nil
            }
        }
        // Measured before it is kept or heard: a note over the limit costs neither disk nor transcription.
        let duration = try await meter.measure(clip, stoppingAfter: maxDuration ?? Self.longestMeasured)
        if let maxDuration, duration > maxDuration {
            throw VoiceError.audioTooLong(duration: duration, limit: maxDuration)
        }
        clip.duration = duration
        media.durationMilliseconds = duration.wholeMilliseconds
        if let keep {
            media.storedID = try await self.keep(clip, contactID: message.contactID, in: keep)
        }
        return PendingNote(index: index, message: message, media: media, clip: clip, started: started)
    }

    /// Records a note that could not be heard: the contact is asked to type or resend it.
    func failed(
        _ message: StoredMessage, media: MediaAttachment, started: ContinuousClock.Instant, error: any Error,
        into heard: inout Heard, store: any TurnQueue, logger: Logger
    ) async throws {
        logger.error(
            "could not hear a voice note; the contact is asked to type or resend it",
            metadata: ["message": "\(message.id)", "error": "\(error)"])
        heard.failed.append(message.id)
        if media.storedID != nil, (message.text ?? "").isEmpty {
            // Not heard, but kept: the dashboard can still play it.
            try? await store.recordTranscript(messageID: message.id, media: media)
        }
        var tooLong = false
        if case VoiceError.audioTooLong = error { tooLong = true }
        heard.records.append(
            VoiceRecord(
                messageID: message.id, milliseconds: (ContinuousClock.now - started).wholeMilliseconds,
                error: "\(error)", refused: tooLong ? "too_long" : nil))
    }

    /// Keeps the contact's note (not public: the admin API plays it) until the retention ends.
    private func keep(
        _ clip: AudioClip, contactID: Int64, in keep: (store: any MediaStore, retention: Duration)
    ) async throws -> String {
        let now = timeSource.now()
        let stored = StoredMedia(
            id: StoredMedia.newID(), contactID: contactID, contentType: clip.contentType, bytes: clip.bytes,
            createdAt: now, expiresAt: now.addingTimeInterval(keep.retention.timeInterval), isPublic: false)
        try await keep.store.saveMedia(stored, purgingBefore: now)
        return stored.id
    }
}
