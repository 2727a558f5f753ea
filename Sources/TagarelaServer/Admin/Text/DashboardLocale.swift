import Foundation
import Hummingbird

/// The language of one page: its strings, and how it writes times and numbers.
struct DashboardLocale: Sendable {
    let language: DashboardLanguage
    let text: DashboardText
    let format: AdminFormat

    init(_ language: DashboardLanguage, timeZone: TimeZone) {
        self.language = language
        text = language.text
        format = AdminFormat(timeZone: timeZone, language: language)
    }

    /// The locale `DASHBOARD_LANGUAGE` picks for `request`.
    init(for request: Request, setting: DashboardLanguageSetting, timeZone: TimeZone) {
        self.init(DashboardLanguage.chosen(by: setting, for: request), timeZone: timeZone)
    }
}
