import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagarelaChannels
import TagarelaFakes
import Testing

@Suite("MetaMediaClient against FakeGraphAPI", .timeLimit(.minutes(3)))
struct MetaMediaClientTests {
    static let voice = Array("OggS\u{0}\u{2}voice-note-bytes".utf8)

    func client(
        _ fake: FakeGraphAPI, token: String = MetaSenderTests.token, maxBytes: Int = 1 << 20,
        log: LogCapture = LogCapture()
    ) -> MetaMediaClient {
        MetaMediaClient(
            fetcher: OutboundFetcher(allowsLoopback: true), accessToken: token, graphAPIBaseURL: fake.baseURL,
            timeout: testPatience,
            maxBytes: maxBytes, logger: log.logger())
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
            #expect(download.bytes == Data(Self.voice))
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

    @Test("the URL a lookup gives expires; each fetch looks up afresh, so a later fetch still works")
    func expiringURLs() async throws {
        try await withFake { fake in
            let lookup = try await client(fake).fetch(mediaID: "1234567890987654321")
            #expect(lookup.bytes == Data(Self.voice))
            // The URL that lookup gave, used after it expired, is refused by the (fake) CDN.
            var request = HTTPClientRequest(url: fake.baseURL + "/1234567890987654321")
            request.headers.add(name: "Authorization", value: "Bearer \(MetaSenderTests.token)")
            let info = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            let json = try JSONSerialization.jsonObject(
                with: Data(try await info.body.collect(upTo: 1 << 16).readableBytesView))
            let url = try #require((json as? [String: Any])?["url"] as? String)
            await fake.advanceClock(by: .seconds(301))
            var stale = HTTPClientRequest(url: url)
            stale.headers.add(name: "Authorization", value: "Bearer \(MetaSenderTests.token)")
            #expect(try await HTTPClient.shared.execute(stale, timeout: .seconds(30)).status == .unauthorized)
            #expect(await fake.expiredDownloads() == 1)
            // The client never keeps a URL: a fetch now works.
            #expect(try await client(fake).fetch(mediaID: "1234567890987654321").bytes == Data(Self.voice))
        }
    }

    @Test(
        "the stated sha256 is checked in hex of either case and in base64 with or without padding",
        arguments: [
            FakeGraphAPI.StatedHash.base64, .base64Unpadded, .hex, .uppercaseHex,
        ])
    func statedHashEncodings(_ encoding: FakeGraphAPI.StatedHash) async throws {
        try await withFake { fake in
            await fake.setStatedMediaHash(encoding)
            let log = LogCapture()
            let download = try await client(fake, log: log).fetch(mediaID: "1234567890987654321")
            #expect(download.bytes == Data(Self.voice))
            #expect(log.lines.isEmpty)
        }
    }

    @Test(
        "a stated sha256 of other bytes refuses the note, whichever encoding states it",
        arguments: [
            // SHA-256 of the empty string, in each encoding.
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU",
        ])
    func statedHashMismatch(_ stated: String) async throws {
        try await withFake { fake in
            await fake.setStatedMediaHash(.literal(stated))
            await #expect(throws: MetaMediaClient.Failure.hashMismatch) {
                _ = try await client(fake).fetch(mediaID: "1234567890987654321")
            }
        }
    }

    @Test(
        "a stated sha256 in no known encoding is logged, without the URL's token, and the note is kept",
        arguments: ["not-a-hash", "zz" + String(repeating: "0", count: 62), "", "abc\nforged line"])
    func statedHashUnreadable(_ stated: String) async throws {
        try await withFake { fake in
            await fake.setStatedMediaHash(.literal(stated))
            let log = LogCapture()
            let download = try await client(fake, log: log).fetch(mediaID: "1234567890987654321")
            #expect(download.bytes == Data(Self.voice))
            let line = try #require(log.lines.first?.text)
            #expect(log.lines.count == 1)
            #expect(line.contains("1234567890987654321"))
            #expect(!line.contains(MetaSenderTests.token))
            #expect(!line.contains("\n"))
        }
    }
}
