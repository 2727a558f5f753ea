import Foundation
import TagarelaCore
import Testing

@Suite("Business hours: reading BUSINESS_HOURS and telling open from closed", .timeLimit(.minutes(3)))
struct BusinessHoursTests {
    static let saoPaulo = TimeZone(identifier: "America/Sao_Paulo")!

    /// 2026-12-07 is a Monday; `hour` and `minute` are São Paulo's (UTC-3).
    static func monday(_ hour: Int, _ minute: Int = 0, plusDays days: Int = 0) -> Date {
        Date(timeIntervalSince1970: 1_796_612_400 + Double(days * 86_400 + hour * 3600 + minute * 60))
    }

    @Test func weekdaysAndSaturdayMorning() throws {
        let hours = try BusinessHours.parse(
            "mon-fri 09:00-12:00,13:00-18:00; sat 09:00-13:00", timeZone: Self.saoPaulo, outside: .notice)
        #expect(!hours.isOpen(at: Self.monday(8, 59)))
        #expect(hours.isOpen(at: Self.monday(9)))
        #expect(!hours.isOpen(at: Self.monday(12, 30)))
        #expect(hours.isOpen(at: Self.monday(17, 59)))
        #expect(!hours.isOpen(at: Self.monday(18)))
        #expect(hours.isOpen(at: Self.monday(10, plusDays: 5)))
        #expect(!hours.isOpen(at: Self.monday(10, plusDays: 6)))
        #expect(hours.nextOpening(after: Self.monday(12, 30)) == Self.monday(13))
        #expect(hours.nextOpening(after: Self.monday(18)) == Self.monday(9, plusDays: 1))
        // Saturday afternoon: back on Monday.
        #expect(hours.nextOpening(after: Self.monday(14, plusDays: 5)) == Self.monday(9, plusDays: 7))
        #expect(hours.lastClosing(before: Self.monday(20)) == Self.monday(18))
        #expect(hours.lastClosing(before: Self.monday(8)) == Self.monday(13, plusDays: -2))
    }

    @Test func portugueseNamesListsAndSpansPastMidnight() throws {
        let hours = try BusinessHours.parse(
            "seg,qua 22:00-02:00; sáb 10:00-11:00", timeZone: Self.saoPaulo, outside: .bot)
        #expect(hours.isOpen(at: Self.monday(23)))
        #expect(hours.isOpen(at: Self.monday(1, plusDays: 1)))
        #expect(!hours.isOpen(at: Self.monday(23, plusDays: 1)))
        #expect(hours.isOpen(at: Self.monday(23, plusDays: 2)))
        #expect(hours.isOpen(at: Self.monday(10, 30, plusDays: 5)))
        #expect(hours.outside == .bot)
        let everyDay = try BusinessHours.parse("sun-sat 00:00-24:00", timeZone: Self.saoPaulo, outside: .notice)
        #expect((0..<7).allSatisfy { everyDay.isOpen(at: Self.monday(3, plusDays: $0)) })
    }

    @Test(arguments: [
        "", "mon-fri", "mon 9-18", "xyz 09:00-18:00", "mon 18:00-18:00", "mon-xyz 09:00-10:00", "mon 25:00-26:00",
    ])
    func nonsenseIsRefusedWithAReason(text: String) {
        #expect(throws: BusinessHoursError.self) {
            try BusinessHours.parse(text, timeZone: Self.saoPaulo, outside: .notice)
        }
    }
}
