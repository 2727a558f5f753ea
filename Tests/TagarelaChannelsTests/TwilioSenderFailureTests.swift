import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagarelaChannels
import TagarelaCore
import TagarelaFakes
import Testing

extension TwilioSenderTests {
    @Test("429 is retryable and carries Retry-After")
    func rateLimited() async throws {
        try await withFake { fake in
            await fake.enqueue([.error(status: 429, code: 20429, message: "Too Many Requests", retryAfter: "30")])
            let outcome = await sender(fake.baseURL).send(envelope())
            guard case .retryable(_, retryAfter: .seconds(30)) = outcome else {
                Issue.record("expected retryable after 30 s, got \(outcome)")
                return
            }
        }
    }

    @Test("5xx and the WhatsApp rate limit 63018 are retryable", arguments: [(500, 20500), (503, 20503), (400, 63018)])
    func retryableErrors(status: Int, code: Int) async throws {
        try await withFake { fake in
            await fake.enqueue([.error(status: status, code: code, message: "try later")])
            let outcome = await sender(fake.baseURL).send(envelope())
            guard case .retryable(_, retryAfter: nil) = outcome else {
                Issue.record("expected retryable, got \(outcome)")
                return
            }
            // The scripted error was used up: the resend goes through.
            guard case .accepted = await sender(fake.baseURL).send(envelope()) else {
                Issue.record("expected the second send to be accepted")
                return
            }
        }
    }

    @Test("a closed port is retryable: the request never left")
    func closedPort() async throws {
        // A bound socket that never listens: unlike a stopped fake's port, no parallel test can take it.
        let closed = try ClosedPort()
        let fake = try await FakeTwilio.start(accountSID: Self.accountSID, authToken: Self.authToken)
        let baseURL = closed.url(like: fake.baseURL)
        await fake.stop()
        let outcome = await sender(baseURL, timeout: .milliseconds(300)).send(envelope())
        guard case .retryable(let reason, retryAfter: nil) = outcome else {
            Issue.record("expected retryable, got \(outcome)")
            return
        }
        #expect(reason.contains("not sent"))
    }

    @Test("an answer that never comes is unknown: the message may have been taken")
    func hangIsUnknown() async throws {
        try await withFake { fake in
            await fake.enqueue([.hang])
            let started = ContinuousClock.now
            // Long enough for the request to reach the fake even on a loaded CI machine.
            let outcome = await sender(fake.baseURL, timeout: .seconds(3)).send(envelope())
            #expect(ContinuousClock.now - started < .seconds(30))
            guard case .unknown(let reason) = outcome else {
                Issue.record("expected unknown, got \(outcome)")
                return
            }
            #expect(reason.contains("sent"))
            #expect(await fake.requestCount() == 1)
        }
    }

    @Test("a slow answer inside the timeout is accepted")
    func delayed() async throws {
        try await withFake { fake in
            await fake.enqueue([.delayed(.milliseconds(50))])
            guard case .accepted = await sender(fake.baseURL).send(envelope()) else {
                Issue.record("expected accepted")
                return
            }
        }
    }

    @Test("the fake enforces the 1,600 UTF-16 unit limit")
    func bodyLimit() async throws {
        try await withFake { fake in
            let sender = sender(fake.baseURL)
            #expect(sender.maxTextLength == 1600)
            let atLimit = String(repeating: "😀", count: 800)
            guard case .accepted = await sender.send(envelope(atLimit)) else {
                Issue.record("1,600 units should be accepted")
                return
            }
            let outcome = await sender.send(envelope(atLimit + "a"))
            guard case .rejected(code: "21617", _, optedOut: false) = outcome else {
                Issue.record("expected rejected 21617, got \(outcome)")
                return
            }
            let sent = try await fake.waitForSent(count: 1)
            #expect(sent.count == 1)
        }
    }

    /// Posts `body` to the fake's Messages resource with the account's credentials, as a client other than ours.
    static func post(_ fake: FakeTwilio, contentType: String, body: String) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: "\(fake.baseURL)/2010-04-01/Accounts/\(accountSID)/Messages.json")
        request.method = .POST
        let credentials = Data("\(accountSID):\(authToken)".utf8).base64EncodedString()
        request.headers.add(name: "Authorization", value: "Basic \(credentials)")
        request.headers.add(name: "Content-Type", value: contentType)
        request.body = .bytes(ByteBuffer(string: body))
        return try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    }

    @Test("the fake refuses a message with neither From nor MessagingServiceSid, as Twilio does (21603)")
    func fakeRefusesAMessageWithoutASender() async throws {
        try await withFake { fake in
            let response = try await Self.post(
                fake, contentType: "application/x-www-form-urlencoded",
                body: "To=whatsapp%3A%2B5511987654321&Body=Ol%C3%A1")
            #expect(response.status == .badRequest)
            #expect(await fake.rejected().map(\.code) == [21603])
            #expect(await fake.sent().isEmpty)
        }
    }

    @Test("the fake refuses a body that is not form-encoded")
    func fakeRequiresFormEncoding() async throws {
        try await withFake { fake in
            let response = try await Self.post(
                fake, contentType: "application/json", body: #"{"To":"whatsapp:+5511987654321","Body":"oi"}"#)
            #expect(response.status == .badRequest)
            let body = try await response.body.collect(upTo: 1 << 16)
            #expect(String(buffer: body).contains("\"code\":20001"))
        }
    }
}
