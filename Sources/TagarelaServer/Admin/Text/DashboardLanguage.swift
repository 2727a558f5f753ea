import Foundation
import Hummingbird

/// A language the dashboard's pages are written in. JSON answers are never translated: programs read them.
enum DashboardLanguage: String, Sendable, Equatable, CaseIterable {
    case portugueseBrazil = "pt-BR"
    case english = "en"

    /// The strings of every page in this language.
    var text: DashboardText {
        switch self {
        case .portugueseBrazil: .portugueseBrazil
        case .english: .english
        }
    }

    /// The language for a request under `setting`: a fixed one, or the browser's preference.
    static func chosen(by setting: DashboardLanguageSetting, for request: Request) -> DashboardLanguage {
        switch setting {
        case .portugueseBrazil: .portugueseBrazil
        case .english: .english
        case .auto: preferred(acceptLanguage: request.headers[.acceptLanguage])
        }
    }

    /// English when `Accept-Language` ranks an English tag above every Portuguese one, otherwise Brazilian
    /// Portuguese: also without the header, with `*`, or when it names neither. Tags are ranked by their `q`
    /// weight, then by their order (RFC 9110 §12.5.4); `q=0` means "not this one".
    static func preferred(acceptLanguage header: String?) -> DashboardLanguage {
        let ranked = (header ?? "").split(separator: ",").enumerated().compactMap {
            index, item -> (tag: Substring, weight: Double, index: Int)? in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first, !tag.isEmpty else { return nil }
            var weight = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            return (Substring(tag.lowercased()), weight, index)
        }
        let best =
            ranked
            .filter { $0.weight > 0 && (Self.names($0.tag, "pt") || Self.names($0.tag, "en")) }
            .sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.index < $1.index }
            .first
        return best.map { Self.names($0.tag, "en") ? .english : .portugueseBrazil } ?? .portugueseBrazil
    }

    /// Whether a language tag is `language` or one of its regional forms (`pt`, `pt-BR`, `pt-PT`).
    private static func names(_ tag: Substring, _ language: String) -> Bool {
        tag == language || tag.hasPrefix(language + "-")
    }
}
