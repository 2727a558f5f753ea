import AsyncHTTPClient
import Foundation
import Logging
import TagarelaChannels
import TagarelaCore
import TagarelaFakes
import Testing

@Suite("MetaSender against FakeGraphAPI", .timeLimit(.minutes(3)))
struct MetaSenderTests {
    static let token = "EAAG-test-token-0123456789"
    static let phoneNumberID = "106540352242922"
    static let to = "5511987654321"
    static let bsuid = "BR.13491208655302741918"
    static let template = MetaTemplate(name: "retomar_conversa", languageCode: "pt_BR")

    func sender(
        _ fake: FakeGraphAPI,
        baseURL: String? = nil,
        token: String = Self.token,
        phoneNumberID: String = Self.phoneNumberID,
        template: MetaTemplate? = nil,
        clock: ManualTimeSource = ManualTimeSource(),
        timeout: Duration = testPatience
    ) -> MetaSender {
        var logger = Logger(label: "test.meta")
        logger.logLevel = .critical
        return MetaSender(
            httpClient: .shared,
            accessToken: token,
            phoneNumberID: phoneNumberID,
            graphAPIBaseURL: baseURL ?? fake.baseURL,
            timeout: timeout,
            reengagementTemplate: template,
            timeSource: clock,
            logger: logger
        )
    }

    func envelope(_ text: String = "Olá!", to: String = Self.to, lastInboundAt: Date? = nil) -> OutboundEnvelope {
        OutboundEnvelope(messageID: 7, contactID: 3, to: to, text: text, lastInboundAt: lastInboundAt)
    }

    /// Starts a fake, runs `body`, and stops the fake even when `body` throws.
    func withFake(_ body: (FakeGraphAPI) async throws -> Void) async throws {
        try await FakeGraphAPI.start(accessToken: Self.token, phoneNumberID: Self.phoneNumberID).whileRunning(body)
    }

    /// The body as a JSON value that compares by content.
    func json(_ text: String) -> NSDictionary? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? NSDictionary
    }

    @Test("accepted: the wamid comes back, the JSON and bearer token are exact")
    func accepted() async throws {
        try await withFake { fake in
            let outcome = await sender(fake).send(envelope("Olá, João! 😀 https://x.example/a?b=1"))
            let sent = try #require(try await fake.waitForSent(count: 1).first)
            #expect(outcome == .accepted(providerMessageID: sent.id))
            #expect(sent.id.hasPrefix("wamid."))
            #expect(
                json(sent.rawJSON)
                    == json(
                        #"{"messaging_product":"whatsapp","recipient_type":"individual","to":"5511987654321","type":"text","text":{"body":"Olá, João! 😀 https://x.example/a?b=1","preview_url":false}}"#
                    ))
            #expect(sent.authorization == "Bearer \(Self.token)")
            #expect(sent.contentType == "application/json")
            #expect(sent.to == Self.to && sent.recipient == nil && sent.previewURL == false && sent.order == 1)
        }
    }

    @Test("a business-scoped id goes in recipient, a +number in to without the plus")
    func addressing() async throws {
        try await withFake { fake in
            _ = await sender(fake).send(envelope(to: Self.bsuid))
            _ = await sender(fake).send(envelope(to: "+" + Self.to))
            let sent = try await fake.waitForSent(count: 2)
            #expect(sent[0].recipient == Self.bsuid && sent[0].to == nil && sent[0].json["to"] == nil)
            #expect(sent[1].to == Self.to && sent[1].recipient == nil)
        }
    }

    @Test("4,096 UTF-16 units go through; one more is rejected with code 100")
    func textLimit() async throws {
        try await withFake { fake in
            let sender = sender(fake)
            #expect(sender.maxTextLength == 4096 && sender.channel == .meta)
            let atLimit = String(repeating: "😀", count: 2048)
            guard case .accepted = await sender.send(envelope(atLimit)) else {
                Issue.record("4,096 units should be accepted")
                return
            }
            let outcome = await sender.send(envelope(atLimit + "a"))
            guard case .rejected(code: "100", let reason, optedOut: false) = outcome else {
                Issue.record("expected rejected 100, got \(outcome)")
                return
            }
            #expect(reason.contains("4096"))
            let sent = try await fake.waitForSent(count: 1)
            #expect(sent.count == 1)
        }
    }

    @Test("showTyping posts one read receipt with the typing indicator")
    func typing() async throws {
        try await withFake { fake in
            await sender(fake).showTyping(inReplyTo: "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUYz")
            let receipts = await fake.readReceipts()
            #expect(receipts.count == 1)
            #expect(receipts.first?.messageID == "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUYz")
            #expect(receipts.first?.typing == "text")
            #expect(
                json(receipts.first?.rawJSON ?? "")
                    == json(
                        #"{"messaging_product":"whatsapp","status":"read","message_id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUYz","typing_indicator":{"type":"text"}}"#
                    ))
            #expect(receipts.first?.authorization == "Bearer \(Self.token)")
            #expect(await fake.sent().isEmpty)
        }
    }

    @Test("a failing typing indicator neither throws nor waits past its short timeout")
    func typingFailure() async throws {
        try await withFake { fake in
            await fake.enqueue([.error(status: 400, code: 100, message: "(#100) Invalid parameter")])
            await sender(fake).showTyping(inReplyTo: "wamid.X")
            await fake.enqueue([.hang])
            let started = ContinuousClock.now
            await sender(fake, timeout: .seconds(30)).showTyping(inReplyTo: "wamid.Y")
            // Well under the sender's own 30 s: the indicator's short timeout ended it, with room for a loaded machine.
            #expect(ContinuousClock.now - started < .seconds(25))
            #expect(await fake.readReceipts().isEmpty)
        }
    }

    @Test("sendTemplate sends name, language and body parameters")
    func sendTemplate() async throws {
        try await withFake { fake in
            let template = MetaTemplate(name: "pedido_pronto", languageCode: "pt_BR", bodyParameters: ["Ana", "42"])
            let outcome = await sender(fake).sendTemplate(to: Self.to, template: template)
            let sent = try #require(try await fake.waitForSent(count: 1).first)
            #expect(outcome == .accepted(providerMessageID: sent.id))
            #expect(sent.type == "template" && sent.templateName == "pedido_pronto" && sent.templateLanguage == "pt_BR")
            #expect(
                json(sent.rawJSON)
                    == json(
                        #"{"messaging_product":"whatsapp","recipient_type":"individual","to":"5511987654321","type":"template","template":{"name":"pedido_pronto","language":{"code":"pt_BR"},"components":[{"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"42"}]}]}}"#
                    ))
        }
    }
}
