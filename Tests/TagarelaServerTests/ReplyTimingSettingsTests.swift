import Foundation
import TagarelaCore
import Testing

@testable import TagarelaServer

/// `REPLY_DEADLINE_SECONDS`, `SLOW_REPLY_NOTICE_SECONDS` and `TEXT_SLOW_REPLY` as read, shown and refused.
@Suite("Configuration: the reply deadline and the slow-reply notice")
struct ReplyTimingSettingsTests {
    @Test func theDeadlineIsOnAndTheNoticeOffByDefault() throws {
        let configuration = try Configuration.load(environment: [:])
        #expect(configuration.queue.replyTiming == ReplyTiming(deadline: .seconds(60)))
        #expect(configuration.turnPolicy.timing == configuration.queue.replyTiming)
        #expect(configuration.texts.slowReply == "Só um instante…")
        #expect(configuration.summary["REPLY_DEADLINE_SECONDS"] == "60")
        #expect(configuration.summary["SLOW_REPLY_NOTICE_SECONDS"] == "0 (off)")
        let english = try Configuration.load(environment: ["BOT_LANGUAGE": "en"])
        #expect(english.texts.slowReply == "Just a moment…")
    }

    @Test func bothAreSetOrTurnedOffAndTheTextReplaced() throws {
        let configuration = try Configuration.load(environment: [
            "REPLY_DEADLINE_SECONDS": "8", "SLOW_REPLY_NOTICE_SECONDS": "3", "TEXT_SLOW_REPLY": "Já vai!",
        ])
        #expect(configuration.turnPolicy.timing.deadline == .seconds(8))
        #expect(configuration.turnPolicy.timing.slowNotice == .seconds(3))
        #expect(configuration.turnPolicy.texts.slowReply == "Já vai!")
        let off = try Configuration.load(environment: [
            "REPLY_DEADLINE_SECONDS": "0", "SLOW_REPLY_NOTICE_SECONDS": "90",
        ])
        #expect(off.turnPolicy.timing.deadline == nil && off.turnPolicy.timing.slowNotice == .seconds(90))
        #expect(off.summary["REPLY_DEADLINE_SECONDS"] == "0 (off)")
    }

    @Test func aNoticeAtOrAfterTheDeadlineStopsStartUpWithOneLine() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try Configuration.load(environment: ["REPLY_DEADLINE_SECONDS": "8", "SLOW_REPLY_NOTICE_SECONDS": "8"])
        }
        #expect(error.setting == "SLOW_REPLY_NOTICE_SECONDS")
        #expect(
            error.message == "SLOW_REPLY_NOTICE_SECONDS must be shorter than REPLY_DEADLINE_SECONDS (8) (got \"8\")")
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(environment: ["REPLY_DEADLINE_SECONDS": "-1"])
        }
    }
}
