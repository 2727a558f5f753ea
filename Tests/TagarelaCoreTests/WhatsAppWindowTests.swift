import Foundation
import TagarelaCore
import Testing

@Suite("WhatsApp's 24-hour window", .timeLimit(.minutes(1)))
struct WhatsAppWindowTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func openForTwentyFourHoursAfterTheContactWroteAndClosedWhenUnknown() {
        #expect(WhatsAppWindow.isOpen(lastInboundAt: now.addingTimeInterval(-86_400), now: now))
        #expect(!WhatsAppWindow.isOpen(lastInboundAt: now.addingTimeInterval(-86_401), now: now))
        #expect(!WhatsAppWindow.isOpen(lastInboundAt: nil, now: now))
    }

    @Test func onlyWhatsAppChannelsHaveIt() {
        #expect(WhatsAppWindow.applies(to: .twilio) && WhatsAppWindow.applies(to: .meta))
        #expect(!WhatsAppWindow.applies(to: .playground) && !WhatsAppWindow.applies(to: .local))
    }

    @Test func eachChannelRefusesInItsOwnCode() {
        #expect(WhatsAppWindow.isOutsideWindowError("131047", on: .meta))
        #expect(WhatsAppWindow.isOutsideWindowError("63016", on: .twilio))
        #expect(!WhatsAppWindow.isOutsideWindowError("63016", on: .meta))
        let report = DeliveryReport(
            channel: .twilio, providerMessageID: "SM1", rawStatus: "undelivered", status: .undelivered,
            errorCode: "63016")
        #expect(report.isOutsideWindow)
    }
}
