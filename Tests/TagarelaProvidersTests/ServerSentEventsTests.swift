import Testing

@testable import TagarelaProviders

/// The event-stream reader, fed as the network delivers: in pieces that split lines anywhere.
@Suite("Server-sent events: events from a stream that arrives in pieces")
struct ServerSentEventsTests {
    @Test("data lines join, blank lines end events, comments and named events are skipped, any line ending")
    func parses() throws {
        let stream = ": ping\r\nevent: message\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\nevent: other\ndata: x\n\ndata:2\r\r"
        var reader = ServerSentEvents()
        var events: [String] = []
        // One byte at a time: a CR at the end of one piece and its LF at the start of the next is one line end.
        for byte in stream.utf8 { events += try reader.feed([byte]) }
        #expect(events == ["{\"a\":\n1}", "2"])
    }

    @Test("a line longer than the limit is refused")
    func longLine() {
        var reader = ServerSentEvents(maxLineBytes: 8)
        #expect(throws: MCPError.self) { _ = try reader.feed(Array("data: 123456789".utf8)) }
    }
}
