import AsyncHTTPClient
import Foundation
import TagarelaChannels
import TagarelaFakes
import Testing

@Suite("MetaMediaClient against FakeGraphAPI")
struct MetaMediaClientTests {
    static let voice = Array("OggS\u{0}\u{2}voice-note-bytes".utf8)

    func client(_ fake: FakeGraphAPI, token: String = MetaSenderTests.token, maxBytes: Int = 1 << 20)
        -> MetaMediaClient
    {
        MetaMediaClient(
            httpClient: .shared, accessToken: token, graphAPIBaseURL: fake.baseURL, timeout: .seconds(5),
            maxBytes: maxBytes)
    }

    func withFake(_ body: (FakeGraphAPI) async throws -> Void) async throws {
        let fake = try await FakeGraphAPI.start(
            accessToken: MetaSenderTests.token, phoneNumberID: MetaSenderTests.phoneNumberID)
        await fake.media(id: "1234567890987654321", bytes: Self.voice, mimeType: "audio/ogg; codecs=opus")
        try await fake.whileRunning(body)
    }

    @Test("looks the id up, then downloads from the other host with the token, checking the hash")
    func fetch() async throws {
        try await withFake { fake in
            let download = try await client(fake).fetch(mediaID: "1234567890987654321")
            #expect(download.bytes == Self.voice)
            #expect(download.mimeType == "audio/ogg; codecs=opus")
        }
    }

    @Test("an unknown id is a lookup failure with Meta's code 100")
    func unknownID() async throws {
        try await withFake { fake in
            await #expect {
                _ = try await client(fake).fetch(mediaID: "404")
            } throws: { error in
                guard case .lookup(400, let graph) = error as? MetaMediaClient.Failure else { return false }
                return graph?.code == 100
            }
        }
    }

    @Test("a wrong token fails the lookup with 190")
    func wrongToken() async throws {
        try await withFake { fake in
            await #expect {
                _ = try await client(fake, token: "expired").fetch(mediaID: "1234567890987654321")
            } throws: { error in
                guard case .lookup(401, let graph) = error as? MetaMediaClient.Failure else { return false }
                return graph?.code == 190
            }
        }
    }

    @Test("a file over the limit is refused from its stated size")
    func tooLarge() async throws {
        try await withFake { fake in
            await #expect(throws: MetaMediaClient.Failure.tooLarge(limit: 8)) {
                _ = try await client(fake, maxBytes: 8).fetch(mediaID: "1234567890987654321")
            }
        }
    }
}
