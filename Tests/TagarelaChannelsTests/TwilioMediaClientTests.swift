import Foundation
import TagarelaChannels
import TagarelaFakes
import Testing

@Suite("TwilioMediaClient against FakeTwilio", .timeLimit(.minutes(3)))
struct TwilioMediaClientTests {
    static let accountSID = "AC0123456789abcdef0123456789abcdef"
    static let authToken = "media-test-token"
    static let voice: [UInt8] = Array("OggS fake voice note".utf8)

    func client(_ fake: FakeTwilio, token: String = authToken, maxBytes: Int = 1 << 20) -> TwilioMediaClient {
        TwilioMediaClient(
            fetcher: OutboundFetcher(allowsLoopback: true), accountSID: Self.accountSID, authToken: token,
            apiBaseURL: fake.baseURL,
            timeout: testPatience, maxBytes: maxBytes)
    }

    func withFake(_ body: (FakeTwilio) async throws -> Void) async throws {
        try await FakeTwilio.start(accountSID: Self.accountSID, authToken: Self.authToken).whileRunning(body)
    }

    @Test("fetched with Basic auth from the API host, then from the CDN without credentials")
    func followsTheRedirectWithoutCredentials() async throws {
        try await withFake { fake in
            let url = await fake.media(bytes: Self.voice, contentType: "audio/ogg")
            let download = try await client(fake).fetch(url)
            #expect(download.bytes == Data(Self.voice))
            #expect(download.contentType == "audio/ogg")
            let cdn = await fake.cdnRequests()
            #expect(cdn.count == 1)
            #expect(cdn.first?.authorization == nil)
        }
    }

    @Test("a URL on any other host is refused without a request")
    func foreignHostsAreNeverAsked() async throws {
        try await withFake { fake in
            let url = await fake.media(bytes: Self.voice, contentType: "audio/ogg")
            let elsewhere = url.replacingOccurrences(of: "127.0.0.1", with: "localhost")
            await #expect(throws: TwilioMediaClient.Failure.foreignHost("localhost")) {
                try await client(fake).fetch(elsewhere)
            }
            #expect(await fake.requestCount() == 0)
            #expect(await fake.cdnRequests().isEmpty)
        }
    }

    @Test("wrong credentials, an unknown file and a file over the limit fail clearly")
    func failures() async throws {
        try await withFake { fake in
            let url = await fake.media(bytes: Self.voice, contentType: "audio/ogg")
            await #expect(throws: TwilioMediaClient.Failure.download(status: 401)) {
                try await client(fake, token: "wrong").fetch(url)
            }
            let unknown = url.replacingOccurrences(of: "/Media/ME", with: "/Media/MX")
            await #expect(throws: TwilioMediaClient.Failure.download(status: 404)) {
                try await client(fake).fetch(unknown)
            }
            await #expect(throws: TwilioMediaClient.Failure.tooLarge(limit: 4)) {
                try await client(fake, maxBytes: 4).fetch(url)
            }
        }
    }

    @Test func aDocumentsNameComesFromTheContentDispositionAndNeverPointsElsewhere() {
        let name = TwilioMediaClient.filename(fromDisposition:)
        #expect(name(#"attachment; filename="contrato.pdf""#) == "contrato.pdf")
        #expect(name("attachment; filename*=UTF-8''contrato%20de%20loca%C3%A7%C3%A3o.pdf") == "contrato de locação.pdf")
        #expect(name(#"attachment; filename="old.pdf"; filename*=UTF-8''new.pdf"#) == "new.pdf")
        #expect(name(#"attachment; filename="../../etc/passwd""#) == "passwd")
        #expect(name(#"attachment; filename="..""#) == nil)
        #expect(name("inline") == nil)
    }
}
