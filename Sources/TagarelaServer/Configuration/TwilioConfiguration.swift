import Foundation

/// The Twilio WhatsApp channel: credentials, the sender, and webhook options.
public struct TwilioConfiguration: Sendable, Equatable {
    /// `TWILIO_ACCOUNT_SID`, `AC` and 32 hex characters.
    public var accountSID: String
    /// `TWILIO_AUTH_TOKEN`: authenticates API calls and signs webhooks. Secret.
    public var authToken: String
    /// `TWILIO_WHATSAPP_FROM` (or `TWILIO_PHONE_NUMBER`), always `whatsapp:+digits`. Optional: replies go out
    /// from the number the contact wrote to; this sender serves messages that answer nothing (templates).
    public var from: String?
    /// `TWILIO_MESSAGING_SERVICE_SID`, `MG…`; when set, Twilio picks the sender from the service.
    public var messagingServiceSID: String?
    /// `TWILIO_API_BASE_URL`, without a trailing slash; tests point it at a fake.
    public var apiBaseURL: URL
    /// `TWILIO_WEBHOOK_SIGNING_KEY`, the shared key of the HMAC-SHA256 signature mode. Secret.
    public var webhookSigningKey: String?
    /// `TWILIO_STATUS_CALLBACKS`: ask Twilio to report delivery status of each reply.
    public var statusCallbacks: Bool

    /// Every variable that belongs to this section; any of them set turns the section on.
    static let variables = [
        "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_FROM", "TWILIO_PHONE_NUMBER",
        "TWILIO_MESSAGING_SERVICE_SID", "TWILIO_API_BASE_URL", "TWILIO_WEBHOOK_SIGNING_KEY", "TWILIO_STATUS_CALLBACKS",
    ]
}

extension TwilioConfiguration {
    /// Reads the `TWILIO_*` variables: nil when none is set, an error when some are missing.
    static func load(
        _ reader: EnvironmentReader, publicURL: URL?, warnings: inout [String]
    ) throws(ConfigurationError) -> TwilioConfiguration? {
        let present = variables.filter(reader.isSet)
        guard !present.isEmpty else { return nil }
        let sender = reader.first("TWILIO_WHATSAPP_FROM", "TWILIO_PHONE_NUMBER")
        let service = reader.string("TWILIO_MESSAGING_SERVICE_SID")
        var missing = ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"].filter { !reader.isSet($0) }
        if !missing.isEmpty {
            throw ConfigurationError(
                setting: missing[0],
                message: "Twilio is partly configured: set \(ConfigurationError.list(missing)) too "
                    + "(or remove \(ConfigurationError.list(present)))")
        }
        let accountSID = reader.string("TWILIO_ACCOUNT_SID") ?? ""
        guard isSID(accountSID, prefix: "AC") else {
            throw .invalid("TWILIO_ACCOUNT_SID", mustBe: "AC followed by 32 hexadecimal characters", got: accountSID)
        }
        if let service, !isSID(service, prefix: "MG") {
            throw .invalid(
                "TWILIO_MESSAGING_SERVICE_SID", mustBe: "MG followed by 32 hexadecimal characters", got: service)
        }
        var from: String?
        if let sender {
            from = try whatsAppAddress(sender.value, setting: sender.name)
            if sender.name == "TWILIO_WHATSAPP_FROM", let alias = reader.string("TWILIO_PHONE_NUMBER"),
                (try? whatsAppAddress(alias, setting: "")) != from
            {
                warnings.append("TWILIO_PHONE_NUMBER is ignored: TWILIO_WHATSAPP_FROM is set and wins")
            }
        }
        if publicURL == nil {
            warnings.append(
                "PUBLIC_URL is not set: Twilio's signatures are checked over the URL each request names (behind a "
                    + "proxy, only TRUSTED_PROXIES' X-Forwarded-Proto/Host count), and links for Twilio wait for "
                    + "the first signed webhook; set PUBLIC_URL (e.g. https://bot.example.com) so both are fixed")
        }
        return TwilioConfiguration(
            accountSID: accountSID,
            authToken: reader.string("TWILIO_AUTH_TOKEN") ?? "",
            from: from,
            messagingServiceSID: service,
            apiBaseURL: try reader.httpURL("TWILIO_API_BASE_URL", example: "https://api.twilio.com")
                ?? URL(string: "https://api.twilio.com")!,
            webhookSigningKey: reader.string("TWILIO_WEBHOOK_SIGNING_KEY"),
            statusCallbacks: try reader.bool("TWILIO_STATUS_CALLBACKS", default: true)
        )
    }

    /// `whatsapp:+digits`, adding the `whatsapp:` prefix and dropping spaces, dashes and parentheses.
    static func whatsAppAddress(_ raw: String, setting: String) throws(ConfigurationError) -> String {
        var number = raw.lowercased().hasPrefix("whatsapp:") ? String(raw.dropFirst("whatsapp:".count)) : raw
        number.removeAll { " -().".contains($0) }
        let digits = number.dropFirst()
        guard number.hasPrefix("+"), (7...15).contains(digits.count), digits.allSatisfy(\.isASCIIDigit) else {
            throw .invalid(setting, mustBe: "whatsapp:+ and the number's digits, e.g. whatsapp:+14155238886", got: raw)
        }
        return "whatsapp:" + number
    }

    /// `prefix` and 32 hexadecimal characters, the shape of Twilio's SIDs.
    static func isSID(_ value: String, prefix: String) -> Bool {
        value.count == 34 && value.hasPrefix(prefix) && value.dropFirst(2).allSatisfy { $0.isASCII && $0.isHexDigit }
    }
}

extension Character {
    /// 0-9 only, unlike `isNumber`, which also accepts other scripts' digits and fractions.
    var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
