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
    }

    func hear(_ messages: [StoredMessage], store: any TurnQueue, logger: Logger) async throws -> Heard {
        var heard = Heard(messages: messages, failed: [], records: [])
        for (index, message) in messages.enumerated() {
            guard message.kind == .audio, var media = message.media, media.transcript == nil else { continue }
            let started = ContinuousClock.now
            func elapsed() -> Int { (ContinuousClock.now - started).wholeMilliseconds }
            do {
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
                                messageID: message.id, bytes: clip.bytes.count, milliseconds: elapsed(),
                                error: "past the contact's daily media quota", refused: "quota"))
                        continue
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
                let transcript = try await transcriber.transcribe(clip, languageHint: languageHint)
                let text = transcript.text.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty else { throw VoiceError.invalidAudio("no speech in the voice note") }
                media.transcript = text
                // Stored before the turn completes: a turn run again finds it heard and does not pay twice.
                try await store.recordTranscript(messageID: message.id, media: media)
                heard.messages[index].media = media
                heard.messages[index].text = text
                heard.records.append(
                    VoiceRecord(
                        messageID: message.id, provider: transcript.provider, model: transcript.model,
                        bytes: clip.bytes.count, audioMilliseconds: media.durationMilliseconds,
                        milliseconds: elapsed()))
            } catch let error as StorageError {
                throw error
            } catch {
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
                        messageID: message.id, milliseconds: elapsed(), error: "\(error)",
                        refused: tooLong ? "too_long" : nil))
            }
        }
        return heard
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
