import Foundation
import TagarelaChannels
import TagarelaCore
import TagarelaFakes
import Testing

extension MetaSenderTests {
    @Test(
        "rate limits, 5xx and transient errors are retryable",
        arguments: [
            (400, 130429, false), (400, 131056, false), (400, 80007, false), (400, 4, false), (429, 131048, false),
            (500, 131000, false), (503, 2, false), (400, 131000, true),
        ])
    func retryable(status: Int, code: Int, isTransient: Bool) async throws {
        try await withFake { fake in
            await fake.enqueue([
                .error(status: status, code: code, message: "(#\(code)) try later", isTransient: isTransient)
            ])
            let outcome = await sender(fake).send(envelope())
            guard case .retryable(let reason, retryAfter: nil) = outcome else {
                Issue.record("expected retryable for \(status)/\(code), got \(outcome)")
                return
            }
            #expect(reason.contains("\(code)"))
            // The scripted error was used up: the resend goes through.
            guard case .accepted = await sender(fake).send(envelope()) else {
                Issue.record("expected the second send to be accepted")
                return
            }
        }
    }

    @Test("Retry-After is honoured")
    func retryAfter() async throws {
        try await withFake { fake in
            await fake.enqueue([.error(status: 429, code: 130429, message: "Rate limit hit", retryAfter: "12")])
            let outcome = await sender(fake).send(envelope())
            guard case .retryable(_, retryAfter: .seconds(12)) = outcome else {
                Issue.record("expected retryable after 12 s, got \(outcome)")
                return
            }
        }
    }

    @Test("other errors are rejected with Meta's code, message, details and trace id; the number is masked")
    func rejected() async throws {
        try await withFake { fake in
            await fake.enqueue([
                .error(
                    status: 400, code: 131026, message: "(#131026) Message undeliverable",
                    details: "Recipient 5511987654321 cannot be reached")
            ])
            let outcome = await sender(fake).send(envelope())
            guard case .rejected(code: "131026", let reason, optedOut: false) = outcome else {
                Issue.record("expected rejected 131026, got \(outcome)")
                return
            }
            #expect(reason.contains("Message undeliverable: Recipient 55…21 cannot be reached (fbtrace_id A"))
            #expect(!reason.contains(Self.to))
        }
    }

    @Test("a wrong token is rejected with 190")
    func wrongToken() async throws {
        try await withFake { fake in
            let outcome = await sender(fake, token: "expired").send(envelope())
            guard case .rejected(code: "190", _, optedOut: false) = outcome else {
                Issue.record("expected rejected 190, got \(outcome)")
                return
            }
            #expect(await fake.rejected().first?.status == 401)
        }
    }

    @Test("a closed port is retryable: the request never left")
    func closedPort() async throws {
        // A bound socket that never listens: unlike a stopped fake's port, no parallel test can take it.
        let closed = try ClosedPort()
        let fake = try await FakeGraphAPI.start(accessToken: Self.token, phoneNumberID: Self.phoneNumberID)
        await fake.stop()
        let outcome = await sender(fake, baseURL: closed.url(like: fake.baseURL), timeout: .milliseconds(300))
            .send(envelope())
        guard case .retryable(let reason, retryAfter: nil) = outcome else {
            Issue.record("expected retryable, got \(outcome)")
            return
        }
        #expect(reason.contains("not sent"))
    }

    @Test("an answer that never comes is unknown: the message may have been taken", arguments: [false, true])
    func hangIsUnknown(acceptFirst: Bool) async throws {
        try await withFake { fake in
            await fake.enqueue([acceptFirst ? .acceptThenHang : .hang])
            let started = ContinuousClock.now
            let outcome = await sender(fake, timeout: .seconds(3)).send(envelope())
            #expect(ContinuousClock.now - started < .seconds(30))
            guard case .unknown(let reason) = outcome else {
                Issue.record("expected unknown, got \(outcome)")
                return
            }
            #expect(reason.contains("sent"))
            #expect(await fake.sent().count == (acceptFirst ? 1 : 0))
        }
    }

    @Test("a slow answer inside the timeout is accepted")
    func delayed() async throws {
        try await withFake { fake in
            await fake.enqueue([.delayed(.milliseconds(50))])
            guard case .accepted = await sender(fake).send(envelope()) else {
                Issue.record("expected accepted")
                return
            }
        }
    }
}
