import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

@testable import TagarelaObjectStorage

/// The client's own checks, with no server: presigned lifetimes, the clock, and failing without an answer.
@Suite(.timeLimit(.minutes(2)))
struct S3ClientTests {
    static let credentials = S3Credentials(
        accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")

    func client(endpoint: String? = nil, timeout: Duration = .seconds(30)) -> S3Client {
        S3Client(
            settings: S3Settings(
                endpoint: endpoint.flatMap { URL(string: $0) }, bucket: "tagarela-media", prefix: "voice",
                credentials: Self.credentials),
            httpClient: HTTPClient.shared, timeout: timeout, now: { SigV4Vector.signingTime })
    }

    @Test func presignedLifetimesAreOneSecondToAWeek() throws {
        let client = client()
        #expect(throws: S3Error.invalidExpiry(seconds: 0)) { try client.presignedGET(key: "a", expiresIn: .zero) }
        #expect(throws: S3Error.invalidExpiry(seconds: 604_801)) {
            try client.presignedGET(key: "a", expiresIn: .seconds(604_801))
        }
        #expect(try client.presignedGET(key: "a", expiresIn: .seconds(604_800)).query?.contains("=604800&") == true)
    }

    /// The same request at the same time gives the same URL: the clock is the client's, or the caller's.
    @Test func presignedURLsFollowTheClock() throws {
        let client = client()
        let url = try client.presignedGET(key: "2026/reply.ogg", expiresIn: .seconds(3600))
        #expect(url == (try client.presignedGET(key: "2026/reply.ogg", expiresIn: .seconds(3600))))
        #expect(url.path == "/voice/2026/reply.ogg")
        #expect(url.query?.contains("X-Amz-Date=20261201T120000Z") == true)
        let later = try client.presignedGET(
            key: "2026/reply.ogg", expiresIn: .seconds(3600), now: SigV4Vector.signingTime + 60)
        #expect(later.query?.contains("X-Amz-Date=20261201T120100Z") == true)
    }

    @Test func noAnswerIsATransportError() async throws {
        // Port 1 on the loopback: nothing listens, the connection is refused.
        let client = client(endpoint: "http://127.0.0.1:1", timeout: .milliseconds(500))
        let error = await #expect(throws: S3Error.self) { try await client.head(key: "a.jpg") }
        guard case .transport(let reason)? = error else {
            Issue.record("expected a transport error, got \(String(describing: error))")
            return
        }
        #expect(reason.hasPrefix("HEAD /tagarela-media/voice/a.jpg: "))
        #expect(!reason.contains(Self.credentials.secretAccessKey))
    }
}
