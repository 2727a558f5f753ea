import Foundation

/// Limits and lists checked before a message reaches the model.
public struct GuardSettings: Sendable, Equatable {
    /// `RATE_LIMIT_MESSAGES` per contact per window; 0 turns the rate limit off.
    public var rateLimitMessages: Int
    /// `RATE_LIMIT_WINDOW_SECONDS`.
    public var rateLimitWindow: Duration
    /// `MAX_INBOUND_CHARS`: longer messages get the "too long" text instead of a model reply.
    public var maxInboundCharacters: Int
    /// `ALLOWED_CONTACTS`, normalised (see ``normalizedContact(_:)``); empty lets everyone in.
    public var allowedContacts: Set<String>
    /// `BLOCKED_CONTACTS`, normalised; wins over the allow list.
    public var blockedContacts: Set<String>
    /// `OPT_OUT_KEYWORDS` as written; matched case- and accent-insensitively against whole messages.
    public var optOutKeywords: [String]
    /// `MEDIA_DAILY_LIMIT`: media files one contact may send a day; 0 turns the count off.
    public var mediaDailyCount: Int = 50
    /// `MEDIA_DAILY_MB`, in bytes: how much of them; 0 turns it off.
    public var mediaDailyBytes: Int = 100 << 20

    public var rateLimitEnabled: Bool { rateLimitMessages > 0 }

    /// A phone number as `+digits` (from `+55 11 98765-4321`, `5511987654321` or `whatsapp:+55…`), or a
    /// business-scoped id as `US.123`; nil when `raw` is neither. Inbound addresses go through this too.
    public static func normalizedContact(_ raw: String) -> String? {
        var text = raw.trimmingCharacters(in: .whitespaces)
        if text.lowercased().hasPrefix("whatsapp:") { text.removeFirst("whatsapp:".count) }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2, parts[0].count == 2, parts[0].allSatisfy({ $0.isASCII && $0.isLetter }),
            !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isWholeNumber) })
        {
            return parts[0].uppercased() + "." + parts[1]
        }
        text.removeAll { " -().".contains($0) }
        if text.hasPrefix("+") { text.removeFirst() }
        guard (7...15).contains(text.count), text.allSatisfy(\.isASCIIDigit) else { return nil }
        return "+" + text
    }
}

extension GuardSettings {
    /// Reads the guard variables; contact lists are split on commas, semicolons and whitespace.
    init(_ reader: EnvironmentReader, warnings: inout [String]) throws(ConfigurationError) {
        let allowed = try Self.contacts(reader, "ALLOWED_CONTACTS")
        let blocked = try Self.contacts(reader, "BLOCKED_CONTACTS")
        let both = allowed.intersection(blocked).sorted()
        if !both.isEmpty {
            warnings.append("\(ConfigurationError.list(both)) in both ALLOWED_CONTACTS and BLOCKED_CONTACTS: blocked")
        }
        var keywords: [String] = []
        for keyword in (reader.string("OPT_OUT_KEYWORDS") ?? "STOP,SAIR").split(separator: ",") {
            let trimmed = keyword.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty, !keywords.contains(trimmed) { keywords.append(trimmed) }
        }
        self.init(
            rateLimitMessages: try reader.int("RATE_LIMIT_MESSAGES", default: 20, in: 0...Int.max),
            rateLimitWindow: try reader.seconds("RATE_LIMIT_WINDOW_SECONDS", default: 60, in: 1...86_400),
            maxInboundCharacters: try reader.int("MAX_INBOUND_CHARS", default: 4000, in: 1...Int.max),
            allowedContacts: allowed,
            blockedContacts: blocked,
            optOutKeywords: keywords,
            mediaDailyCount: try reader.int("MEDIA_DAILY_LIMIT", default: 50, in: 0...1_000_000),
            mediaDailyBytes: try reader.int("MEDIA_DAILY_MB", default: 100, in: 0...1_000_000) << 20
        )
    }

    private static func contacts(
        _ reader: EnvironmentReader, _ name: String
    ) throws(ConfigurationError) -> Set<String> {
        guard let raw = reader.string(name) else { return [] }
        var contacts: Set<String> = []
        for entry in raw.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace }) {
            guard let contact = normalizedContact(String(entry)) else {
                throw ConfigurationError(
                    setting: name,
                    message: "\(name): \(ConfigurationError.quoted(String(entry))) is not a phone number "
                        + "like +5511987654321 or a business id like US.123 (separate them with commas)")
            }
            contacts.insert(contact)
        }
        return contacts
    }
}
