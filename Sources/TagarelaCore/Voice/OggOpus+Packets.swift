import Foundation

extension OggOpus {
    /// How long an Ogg Opus stream plays, counted from its audio packets (each packet's TOC byte says how many
    /// 48 kHz samples it holds, RFC 6716 §3.1), minus the pre-skip: never from a granule position, which the
    /// sender writes and can set to anything (a last page saying 0 s). Reads pages from the start, linearly, and
    /// stops as soon as the count passes `stoppingAfter`, returning what it counted so far. Nil when the bytes are
    /// not Ogg Opus.
    public static func countedDuration(of bytes: Data, stoppingAfter limit: Duration? = nil) -> Duration? {
        let data = bytes.startIndex == 0 ? bytes : Data(bytes)
        guard let head = headPayloadStart(data), data.count >= head + 12 else { return nil }
        let preSkip = Int(data[head + 10]) | Int(data[head + 11]) << 8
        let stopAt = limit.map { Int($0.timeInterval * granuleRate) + preSkip }
        var samples = 0
        var packetsSeen = 0
        var packet: (first: UInt8, second: UInt8?, length: Int)?
        var serial: UInt32?
        var page = 0
        while page + 27 <= data.count {
            guard data[page..<page + 4].elementsEqual(capturePattern) else { break }
            let segments = Int(data[page + 26])
            let table = page + 27
            guard table + segments <= data.count else { break }
            let pageSerial = (0..<4).reduce(UInt32(0)) { $0 | UInt32(data[page + 14 + $1]) << (8 * UInt32($1)) }
            var offset = table + segments
            let ownStream = serial == nil || serial == pageSerial
            serial = serial ?? pageSerial
            for index in 0..<segments {
                let lacing = Int(data[table + index])
                guard offset + lacing <= data.count else { break }
                if ownStream, lacing > 0 {
                    if packet == nil {
                        packet = (data[offset], lacing > 1 ? data[offset + 1] : nil, lacing)
                    } else if packet?.second == nil {
                        packet?.second = data[offset]
                        packet?.length += lacing
                    } else {
                        packet?.length += lacing
                    }
                }
                offset += lacing
                // A lacing value under 255 ends the packet; 255 continues it, on this page or the next.
                if ownStream, lacing < 255 {
                    if let finished = packet {
                        packetsSeen += 1
                        // The first two packets are the OpusHead and OpusTags headers.
                        if packetsSeen > 2 { samples += packetSamples(finished.first, finished.second) }
                    }
                    packet = nil
                    if let stopAt, samples > stopAt { return .interval(Double(samples - preSkip) / granuleRate) }
                }
            }
            page = offset
        }
        return .interval(Double(max(0, samples - preSkip)) / granuleRate)
    }

    /// The 48 kHz samples of one Opus packet from its TOC byte and, for code 3, its frame count byte.
    public static func packetSamples(_ toc: UInt8, _ second: UInt8?) -> Int {
        let config = Int(toc >> 3)
        let frame =
            switch config {
            case 0...11: [480, 960, 1920, 2880][config % 4]  // SILK: 10, 20, 40, 60 ms
            case 12...15: [480, 960][config % 2]  // Hybrid: 10, 20 ms
            default: [120, 240, 480, 960][config % 4]  // CELT: 2.5, 5, 10, 20 ms
            }
        let frames =
            switch toc & 0x03 {
            case 0: 1
            case 1, 2: 2
            default: Int((second ?? 0) & 0x3F)
            }
        return frame * frames
    }
}
