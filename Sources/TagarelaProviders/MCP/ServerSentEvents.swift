/// Reads a `text/event-stream` as it arrives and hands out each event's data, as the HTML standard's parsing rules
/// say (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation): lines end
/// with LF, CR LF or CR; `data:` lines join with LF; a blank line ends an event; comments and other fields are
/// skipped. Events named anything but `message` are skipped too (MCP sends its messages unnamed).
struct ServerSentEvents {
    /// Bytes of a line not yet ended.
    private var line: [UInt8] = []
    private var data: [String] = []
    private var event = ""
    private var afterCR = false
    /// A stream that never ends a line must not fill the memory.
    let maxLineBytes: Int

    init(maxLineBytes: Int = 4 << 20) {
        self.maxLineBytes = maxLineBytes
    }

    /// Feeds bytes and returns the data of each event they completed.
    mutating func feed(_ bytes: some Sequence<UInt8>) throws(MCPError) -> [String] {
        var events: [String] = []
        for byte in bytes {
            if afterCR {
                afterCR = false
                if byte == 0x0A { continue }
            }
            switch byte {
            case 0x0A, 0x0D:
                afterCR = byte == 0x0D
                if let event = endLine() { events.append(event) }
            default:
                guard line.count < maxLineBytes else {
                    throw .protocolViolation("an event-stream line longer than \(maxLineBytes) bytes")
                }
                line.append(byte)
            }
        }
        return events
    }

    /// Handles the line just ended; returns an event's data when the line was blank.
    private mutating func endLine() -> String? {
        let text = String(decoding: line, as: UTF8.self)
        line.removeAll(keepingCapacity: true)
        if text.isEmpty {
            defer {
                data = []
                event = ""
            }
            guard !data.isEmpty, event.isEmpty || event == "message" else { return nil }
            return data.joined(separator: "\n")
        }
        if text.hasPrefix(":") { return nil }
        let field: Substring
        var value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.hasPrefix(" ") { value = value.dropFirst() }
        } else {
            field = text[...]
            value = ""
        }
        switch field {
        case "data": data.append(String(value))
        case "event": event = String(value)
        default: break
        }
        return nil
    }
}
