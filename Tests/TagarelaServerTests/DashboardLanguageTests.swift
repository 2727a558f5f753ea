import Foundation
import Testing

@testable import TagarelaServer

/// The dashboard's language: which one a browser gets, how each writes times and numbers (by hand, so the exact
/// text is the same on every platform), and that the catalogue has no string left untranslated.
@Suite("Dashboard language: Accept-Language, formats and the catalogue")
struct DashboardLanguageTests {
    @Test(
        "Accept-Language picks English only when it ranks English above Portuguese",
        arguments: [
            (nil, DashboardLanguage.portugueseBrazil),
            ("", .portugueseBrazil),
            ("*", .portugueseBrazil),
            ("en-US,en;q=0.9", .english),
            ("EN-gb", .english),
            ("pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7", .portugueseBrazil),
            ("en-US,en;q=0.9,pt-BR;q=0.8", .english),
            ("en;q=0.3, pt-PT;q=0.5", .portugueseBrazil),
            ("pt;q=0.5, en;q=0.5", .portugueseBrazil),
            ("fr-FR, fr;q=0.9", .portugueseBrazil),
            ("fr, en;q=0.5", .english),
            ("pt;q=0, en", .english),
            ("en;q=0, pt;q=0", .portugueseBrazil),
            ("en;q=nonsense, pt;q=0.1", .portugueseBrazil),
            ("english", .portugueseBrazil),
            ("es-419, en-US ; q=0.8 , pt;q=0.7", .english),
        ] as [(String?, DashboardLanguage)])
    func acceptLanguage(header: String?, expected: DashboardLanguage) {
        #expect(DashboardLanguage.preferred(acceptLanguage: header) == expected)
    }

    @Test func numbersAreWrittenTheWayEachLanguageWritesThem() {
        let english = AdminFormat(timeZone: TimeZone(identifier: "America/Sao_Paulo")!, language: .english)
        let portuguese = AdminFormat(timeZone: TimeZone(identifier: "America/Sao_Paulo")!, language: .portugueseBrazil)
        #expect(english.count(1_234_567) == "1,234,567")
        #expect(portuguese.count(1_234_567) == "1.234.567")
        #expect(english.count(999) == "999" && portuguese.count(0) == "0")
        #expect(english.count(-1234) == "-1,234" && portuguese.count(-1234) == "-1.234")
        #expect(english.decimal(1234.5, digits: 1) == "1,234.5")
        #expect(portuguese.decimal(1234.5, digits: 1) == "1.234,5")
        #expect(portuguese.decimal(-2.25, digits: 3) == "-2,250")
        #expect(portuguese.decimal(-0.01, digits: 1) == "0,0")
        #expect(english.milliseconds(849.6) == "850 ms" && portuguese.milliseconds(849.6) == "850 ms")
        #expect(english.milliseconds(2400) == "2.4 s" && portuguese.milliseconds(2400) == "2,4 s")
        #expect(english.milliseconds(nil) == "–")
        #expect(english.bytes(820) == "820 B")
        #expect(english.bytes(12_595) == "12.3 KB" && portuguese.bytes(12_595) == "12,3 KB")
        #expect(english.bytes(4_299_161) == "4.1 MB" && portuguese.bytes(4_299_161) == "4,1 MB")
        #expect(english.dollars(0.012345) == "$0.0123" && portuguese.dollars(1234.5) == "US$ 1.234,5000")
    }

    @Test func timesAreDayFirstInTheConfiguredZoneWithTheYearWhenItIsNotThisYears() throws {
        let zone = try #require(TimeZone(identifier: "America/Sao_Paulo"))
        // 2026-12-08 02:31 UTC is 2026-12-07 23:31 in São Paulo (UTC-3).
        let date = Date(timeIntervalSince1970: 1_796_697_060)
        let sameYear = date.addingTimeInterval(86_400)
        let nextYear = date.addingTimeInterval(60 * 86_400)
        for language in DashboardLanguage.allCases {
            let format = AdminFormat(timeZone: zone, language: language)
            #expect(format.time(date, now: sameYear) == "07/12 23:31")
            #expect(format.time(date, now: nextYear) == "07/12/2026 23:31")
            #expect(format.day(20_794) == "07/12")
        }
    }

    /// Every string of every part of the catalogue differs between the two languages, but for words both write
    /// alike; a string copied without translating fails here.
    @Test func noStringIsLeftUntranslated() {
        let same: Set<String> = ["bot", "ok", "Hosts", "Host"]
        let english = Mirror(reflecting: DashboardText.english).children
        let portuguese = Mirror(reflecting: DashboardText.portugueseBrazil).children
        var compared = 0
        for (part, other) in zip(english, portuguese) {
            for (string, translated) in zip(
                Mirror(reflecting: part.value).children, Mirror(reflecting: other.value).children)
            {
                let pair: (String, String)? =
                    if let text = string.value as? String, let other = translated.value as? String {
                        (text, other)
                    } else if let html = string.value as? HTML, let other = translated.value as? HTML {
                        (html.rendered, other.rendered)
                    } else {
                        nil
                    }
                guard let (text, other) = pair else { continue }
                compared += 1
                #expect(
                    text != other || same.contains(text),
                    "\(part.label ?? "").\(string.label ?? "") is the same in both languages: \(text)")
            }
        }
        #expect(compared > 100)
    }
}
