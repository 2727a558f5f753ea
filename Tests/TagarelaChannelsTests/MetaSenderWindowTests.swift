import Foundation
import TagarelaChannels
import TagarelaCore
import TagarelaFakes
import Testing

extension MetaSenderTests {
    @Test("inside the 24-hour window the text is sent")
    func insideWindow() async throws {
        try await withFake { fake in
            let clock = ManualTimeSource()
            let lastInbound = clock.now().addingTimeInterval(-(24 * 3600 - 60))
            let outcome = await sender(fake, template: Self.template, clock: clock)
                .send(envelope(lastInboundAt: lastInbound))
            let sent = try await fake.waitForSent(count: 1)
            #expect(outcome == .accepted(providerMessageID: sent[0].id))
            #expect(sent[0].type == "text")
        }
    }

    @Test("past the window without a template: refused with 131047, the API is not called")
    func outsideWindowWithoutTemplate() async throws {
        try await withFake { fake in
            let clock = ManualTimeSource()
            let outcome = await sender(fake, clock: clock)
                .send(envelope(lastInboundAt: clock.now().addingTimeInterval(-(24 * 3600 + 1))))
            guard case .rejected(code: "131047", let reason, optedOut: false) = outcome else {
                Issue.record("expected rejected 131047, got \(outcome)")
                return
            }
            #expect(reason.contains("24-hour"))
            #expect(await fake.requestCount() == 0)
        }
    }

    @Test("past the window with a template: only the template is sent")
    func outsideWindowWithTemplate() async throws {
        try await withFake { fake in
            let clock = ManualTimeSource()
            let outcome = await sender(fake, template: Self.template, clock: clock)
                .send(envelope(lastInboundAt: clock.now().addingTimeInterval(-3 * 24 * 3600)))
            let sent = try await fake.waitForSent(count: 1)
            #expect(outcome == .accepted(providerMessageID: sent[0].id))
            #expect(sent[0].type == "template" && sent[0].templateName == "retomar_conversa")
            #expect(sent[0].templateLanguage == "pt_BR" && sent[0].textBody == nil)
            #expect(await fake.requestCount() == 1)
        }
    }

    @Test("Meta's own 131047 falls back to the template in the same call")
    func apiWindowErrorFallsBack() async throws {
        try await withFake { fake in
            await fake.closeWindow(for: Self.to)
            let outcome = await sender(fake, template: Self.template).send(envelope())
            let sent = try await fake.waitForSent(count: 1)
            #expect(outcome == .accepted(providerMessageID: sent[0].id))
            #expect(sent[0].type == "template")
            #expect(await fake.rejected().map(\.code) == [131047])
        }
    }

    @Test("Meta's own 131047 without a template is rejected with that code")
    func apiWindowErrorWithoutTemplate() async throws {
        try await withFake { fake in
            await fake.closeWindow(for: Self.bsuid)
            let outcome = await sender(fake).send(envelope(to: Self.bsuid))
            guard case .rejected(code: "131047", _, optedOut: false) = outcome else {
                Issue.record("expected rejected 131047, got \(outcome)")
                return
            }
            #expect(await fake.sent().isEmpty)
        }
    }
}
