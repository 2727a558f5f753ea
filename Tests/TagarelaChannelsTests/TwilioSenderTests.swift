import AsyncHTTPClient
import Foundation
import Logging
import TagarelaChannels
import TagarelaCore
import TagarelaFakes
import Testing

@Suite("TwilioSender against FakeTwilio", .timeLimit(.minutes(3)))
struct TwilioSenderTests {
    static let accountSID = "AC" + String(repeating: "a1", count: 16)
    static let authToken = "token-0123456789abcdef"
    static let from = "whatsapp:+14155238886"
    static let to = "whatsapp:+5511987654321"

    func sender(
        _ baseURL: String,
        authToken: String = Self.authToken,
        from: String? = Self.from,
        messagingServiceSID: String? = nil,
        statusCallbackURL: String? = nil,
        timeout: Duration = testPatience
    ) -> TwilioSender {
        var logger = Logger(label: "test.twilio")
        logger.logLevel = .critical
        return TwilioSender(
            httpClient: .shared,
            accountSID: Self.accountSID,
            authToken: authToken,
            from: from,
            messagingServiceSID: messagingServiceSID,
            apiBaseURL: baseURL,
            statusCallbackURL: statusCallbackURL,
            timeout: timeout,
            logger: logger
        )
    }

    func envelope(_ text: String = "Olá!", to: String = Self.to) -> OutboundEnvelope {
        OutboundEnvelope(messageID: 7, contactID: 3, to: to, text: text)
    }

    /// Starts a fake, runs `body`, and stops the fake even when `body` throws.
    func withFake(_ body: (FakeTwilio) async throws -> Void) async throws {
        try await FakeTwilio.start(accountSID: Self.accountSID, authToken: Self.authToken).whileRunning(body)
    }

    @Test("accepted: the sid comes back and the form and Basic auth are exact")
    func accepted() async throws {
        try await withFake { fake in
            let callback = "https://tagarela.example/twilio/status?x=1&y=2"
            let outcome = await sender(fake.baseURL, statusCallbackURL: callback).send(envelope("Olá!"))
            let sent = try #require(try await fake.waitForSent(count: 1).first)
            #expect(outcome == .accepted(providerMessageID: sent.sid))
            #expect(sent.sid.count == 34 && sent.sid.hasPrefix("SM"))
            #expect(
                sent.form == ["To": [Self.to], "From": [Self.from], "Body": ["Olá!"], "StatusCallback": [callback]])
            let credentials = Data("\(Self.accountSID):\(Self.authToken)".utf8).base64EncodedString()
            #expect(sent.authorization == "Basic \(credentials)")
            #expect(sent.contentType == "application/x-www-form-urlencoded")
            #expect(sent.order == 1)
        }
    }

    @Test("the number the contact wrote to wins over the configured sender and the messaging service")
    func theNumberWrittenToWins() async throws {
        try await withFake { fake in
            let service = "MG" + String(repeating: "0f", count: 16)
            var message = envelope()
            message.from = "whatsapp:+5511955554444"
            _ = await sender(fake.baseURL).send(message)
            _ = await sender(fake.baseURL, from: nil, messagingServiceSID: service).send(message)
            let sent = await fake.sent()
            #expect(sent.map(\.from) == ["whatsapp:+5511955554444", "whatsapp:+5511955554444"])
            #expect(sent.allSatisfy { $0.messagingServiceSID == nil })
        }
    }

    @Test("a message that answers nothing, without a configured sender, is refused before Twilio")
    func noSenderAtAll() async throws {
        try await withFake { fake in
            let outcome = await sender(fake.baseURL, from: nil).send(envelope())
            guard case .rejected(_, let reason, false) = outcome else {
                Issue.record("expected rejected, got \(outcome)")
                return
            }
            #expect(reason.contains("TWILIO_WHATSAPP_FROM"))
            #expect(await fake.sent().isEmpty)
        }
    }

    @Test("without From the MessagingServiceSid is sent instead")
    func messagingService() async throws {
        try await withFake { fake in
            let service = "MG" + String(repeating: "0f", count: 16)
            let outcome = await sender(fake.baseURL, from: nil, messagingServiceSID: service).send(envelope())
            guard case .accepted = outcome else {
                Issue.record("expected accepted, got \(outcome)")
                return
            }
            let sent = try #require(await fake.sent().first)
            #expect(sent.form["MessagingServiceSid"] == [service] && sent.form["From"] == nil)
            #expect(sent.form["StatusCallback"] == nil)
        }
    }

    @Test("Portuguese and emoji arrive intact, reserved characters included")
    func unicodeBody() async throws {
        try await withFake { fake in
            let text = "Olá, João! Ação & reação = 100% 😀👍🏽 +1 ç/ã?#\nnova linha"
            let outcome = await sender(fake.baseURL).send(envelope(text))
            guard case .accepted = outcome else {
                Issue.record("expected accepted, got \(outcome)")
                return
            }
            let sent = try await fake.waitForSent(count: 1)
            #expect(sent.first?.body == text)
        }
    }

    @Test("a wrong token is rejected with Twilio's 20003")
    func wrongToken() async throws {
        try await withFake { fake in
            let outcome = await sender(fake.baseURL, authToken: "wrong").send(envelope())
            guard case .rejected(code: "20003", _, optedOut: false) = outcome else {
                Issue.record("expected rejected 20003, got \(outcome)")
                return
            }
            #expect(await fake.sent().isEmpty)
            #expect(await fake.rejected().first?.code == 20003)
        }
    }

    @Test("a contact who opted out is rejected with optedOut")
    func optedOut() async throws {
        try await withFake { fake in
            await fake.optOut(Self.to)
            let outcome = await sender(fake.baseURL).send(envelope())
            guard case .rejected(code: "21610", _, optedOut: true) = outcome else {
                Issue.record("expected rejected 21610 opted out, got \(outcome)")
                return
            }
        }
    }

    @Test("other 4xx are rejected for good, and the reason never carries the whole number")
    func otherClientError() async throws {
        try await withFake { fake in
            let outcome = await sender(fake.baseURL).send(envelope(to: "whatsapp:5511987654321"))
            guard case .rejected(code: "21211", let reason, optedOut: false) = outcome else {
                Issue.record("expected rejected 21211, got \(outcome)")
                return
            }
            #expect(reason.contains("whatsapp:55…21") && !reason.contains("5511987654321"))
        }
    }

    @Test("a lost answer to a voice note is found again in the Messages list, by its media and empty body")
    func lookupFindsVoiceNote() async throws {
        try await withFake { fake in
            var logger = Logger(label: "test.twilio")
            logger.logLevel = .critical
            func voiceSender(timeout: Duration) -> TwilioSender {
                TwilioSender(
                    httpClient: .shared, accountSID: Self.accountSID, authToken: Self.authToken, from: Self.from,
                    messagingServiceSID: nil, apiBaseURL: fake.baseURL, statusCallbackURL: nil,
                    mediaBaseURL: "https://bot.example.com", timeout: timeout, logger: logger)
            }
            _ = await sender(fake.baseURL).send(envelope("Olá!"))
            let started = Date()
            await fake.enqueue([.acceptThenHang])
            var voice = envelope("o que a nota diz")
            voice.kind = .voice
            voice.media = MediaAttachment(kind: "audio", id: String(repeating: "ab", count: 16), mimeType: "audio/ogg")
            guard case .unknown = await voiceSender(timeout: .seconds(3)).send(voice) else {
                Issue.record("expected an unknown outcome")
                return
            }
            let sent = try #require(try await fake.waitForSent(count: 2).last)
            #expect(sent.mediaURLs == ["https://bot.example.com/media/\(String(repeating: "ab", count: 16)).ogg"])
            #expect(
                await voiceSender(timeout: testPatience).findSent(voice, since: started)
                    == .found(providerMessageID: sent.sid))
            // A text with the same words is not mistaken for it.
            #expect(await sender(fake.baseURL).findSent(envelope("o que a nota diz"), since: started) == .notFound)
        }
    }
}
