import Foundation

/// Reads just enough of an Ogg stream (RFC 3533, RFC 7845) to tell Opus from anything else and to know how
/// long it plays, without running ffprobe for every note.
public enum OggOpus {
    /// Every Ogg page starts with this capture pattern.
    static let capturePattern = Data("OggS".utf8)
    /// The first packet of an Ogg Opus stream; Vorbis would say `\u{1}vorbis` here.
    static let opusHead = Data("OpusHead".utf8)
    /// Opus granule positions always count 48 kHz samples, whatever the input rate was.
    static let granuleRate = 48_000.0

    /// True when `bytes` start with an Ogg page whose first packet is `OpusHead`.
    public static func isOggOpus(_ bytes: Data) -> Bool {
        headPayloadStart(bytes) != nil
    }

    /// The playing time: the last page's granule position minus the pre-skip, at 48 kHz. Nil when the stream
    /// is not Ogg Opus or has no finished page.
    public static func duration(of bytes: Data) -> Duration? {
        // Index from 0 even when `bytes` is a slice; a whole `Data` is used as it is, without a copy.
        let data = bytes.startIndex == 0 ? bytes : Data(bytes)
        guard let head = headPayloadStart(data), data.count >= head + 12 else { return nil }
        let preSkip = UInt64(data[head + 10]) | UInt64(data[head + 11]) << 8
        var searchEnd = data.endIndex
        while let page = data.range(of: capturePattern, options: .backwards, in: 0..<searchEnd) {
            searchEnd = page.lowerBound
            let start = page.lowerBound
            guard start + 27 <= data.count, data[start + 4] == 0 else { continue }
            let granule = (0..<8).reduce(UInt64(0)) { $0 | UInt64(data[start + 6 + $1]) << (8 * UInt64($1)) }
            // -1 marks a page on which no packet ends; an earlier page has the position.
            guard granule != UInt64.max else { continue }
            guard granule > preSkip else { return .zero }
            return .interval(Double(granule - preSkip) / granuleRate)
        }
        return nil
    }

    /// Where the first page's payload starts, if the page is a valid Ogg beginning-of-stream page with OpusHead.
    static func headPayloadStart(_ bytes: Data) -> Int? {
        // The first page is small: an Ogg header, at most 255 lacing values and the 19-byte OpusHead.
        let data = Data(bytes.prefix(512))
        guard data.count >= 28, data.prefix(4) == capturePattern, data[4] == 0 else { return nil }
        let segments = Int(data[26])
        let payload = 27 + segments
        guard data.count >= payload + opusHead.count, data[payload..<payload + opusHead.count] == opusHead else {
            return nil
        }
        return payload
    }
}
