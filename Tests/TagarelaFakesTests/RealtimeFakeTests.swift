import Foundation
import HTTPTypes
import Logging
import TagarelaCore
import TagarelaFakes
import Testing
import WSClient

/// The fake Realtime API refuses what the real one refuses (OpenAI's Realtime reference: the GA shape, the
/// retired beta header, the input buffer's minimum, `response.create` before any input).
@Suite("Fake Realtime API fidelity", .timeLimit(.minutes(3)))
struct RealtimeFakeTests {
    /// Opens a session with `headers`, sends `events` one after another, and returns every event the fake sent
    /// until it had answered them all (or closed).
    func exchange(
        _ fake: FakeRealtime, events: [JSONValue], beta: Bool = false, expecting count: Int
    ) async throws -> [JSONValue] {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(FakeRealtime.apiKey)"
        if beta { headers[HTTPField.Name("OpenAI-Beta")!] = "realtime=v1" }
        let received = Received()
        let url = fake.url.absoluteString + "?model=gpt-realtime"
        try await WebSocketClient.connect(
            url: url, configuration: .init(maxFrameSize: 1 << 22, additionalHeaders: headers),
            logger: Logger(label: "fake-test")
        ) { inbound, outbound, _ in
            for event in events { try await outbound.write(.text(event.jsonText)) }
            for try await message in inbound.messages(maxSize: 1 << 22) {
                guard case .text(let text) = message, let event = JSONValue(parsing: text) else { continue }
                if await received.add(event) >= count { return }
            }
        }
        return await received.events
    }

    @Test("the beta header is refused with beta_api_shape_disabled, and the session ends")
    func betaHeader() async throws {
        try await FakeRealtime.start().whileRunning { fake in
            let events = try await exchange(fake, events: [], beta: true, expecting: 1)
            #expect(events.first?["type"] == "error")
            #expect(events.first?["error"]?["code"] == "beta_api_shape_disabled")
        }
    }

    @Test("response.create before input, a short commit, odd PCM and unknown events are refused as the API does")
    func refusals() async throws {
        try await FakeRealtime.start().whileRunning { fake in
            let events = try await exchange(
                fake,
                events: [
                    ["type": "response.create"],
                    ["type": "input_audio_buffer.append", "audio": .string(Data(count: 100).base64EncodedString())],
                    ["type": "input_audio_buffer.commit"],
                    ["type": "input_audio_buffer.append", "audio": .string(Data(count: 3).base64EncodedString())],
                    ["type": "response.audio.delta"],
                    ["type": "session.update", "session": ["type": "realtime", "model": "gpt-realtime"]],
                ], expecting: 6)
            #expect(events.first?["type"] == "session.created")
            let codes = events.dropFirst().map { $0["error"]?["code"]?.stringValue }
            #expect(
                codes == [
                    "invalid_event", "input_audio_buffer_commit_empty", "invalid_event", "invalid_event",
                    "invalid_event",
                ])
            #expect(await fake.violations().count == 4)
        }
    }
}

/// What a test's WebSocket client received.
private actor Received {
    var events: [JSONValue] = []
    func add(_ event: JSONValue) -> Int {
        events.append(event)
        return events.count
    }
}
