import Foundation

/// The containers the converter lets ffmpeg and ffprobe read, each recognised by its first bytes and named
/// to them with `-f`, so that they never pick a demuxer by probing.
///
/// Probing would let a "voice note" that is really an HLS playlist or a concat list make ffmpeg open the
/// URLs or files it names (https://ffmpeg.org/ffmpeg-formats.html#hls-1,
/// https://ffmpeg.org/ffmpeg-formats.html#concat-1). These are what WhatsApp carries as audio (AAC, AMR, MP3,
/// MP4, Ogg: https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#supported-media-types)
/// and what speech providers answer (WAV, FLAC, WebM).
enum AudioInputFormat: String, Sendable, CaseIterable {
    case ogg
    case wav
    case mp3
    /// AAC in ADTS frames, as `audio/aac` comes.
    case aac
    case flac
    /// MP4, M4A, 3GP and QuickTime: ffmpeg's `mov,mp4,m4a,3gp,3g2,mj2` demuxer.
    case mov
    /// Matroska and WebM.
    case matroska
    /// AMR narrow and wide band.
    case amr

    /// ffmpeg's demuxer name, for `-f` before `-i`.
    var demuxer: String { rawValue }

    /// The format `bytes` start like, or nil for anything else: a text, a playlist, an unknown container.
    static func detect(_ bytes: Data) -> AudioInputFormat? {
        let head = [UInt8](bytes.prefix(12))
        func starts(_ magic: String, at offset: Int = 0) -> Bool {
            let magic = Array(magic.utf8)
            return head.count >= offset + magic.count && Array(head[offset..<offset + magic.count]) == magic
        }
        if starts("OggS") { return .ogg }
        if starts("RIFF"), starts("WAVE", at: 8) { return .wav }
        if starts("fLaC") { return .flac }
        if starts("ftyp", at: 4) { return .mov }
        if head.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) { return .matroska }
        if starts("#!AMR") { return .amr }
        if starts("ID3") { return .mp3 }
        // A frame sync (eleven set bits): layer bits 00 mean AAC's ADTS, anything else an MPEG audio layer.
        if head.count >= 2, head[0] == 0xFF, head[1] & 0xE0 == 0xE0 {
            return head[1] & 0x06 == 0 ? (head[1] & 0xF0 == 0xF0 ? .aac : nil) : .mp3
        }
        return nil
    }
}
