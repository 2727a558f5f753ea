import Foundation

/// Meta's WhatsApp Cloud API channel: the number, its token, and the webhook secrets.
public struct MetaConfiguration: Sendable, Equatable {
    /// `WHATSAPP_TOKEN`, a permanent system-user token for the Graph API. Secret.
    public var accessToken: String
    /// `WHATSAPP_PHONE_NUMBER_ID` (or `PHONE_NUMBER_ID`): the id of the business number, not the number itself.
    public var phoneNumberID: String
    /// `WHATSAPP_VERIFY_TOKEN` (or `VERIFY_TOKEN`): what Meta must present in the webhook handshake. Secret.
    public var verifyToken: String
    /// `WHATSAPP_APP_SECRET`: Meta signs every webhook with it. Secret. Nil only with the development override.
    public var appSecret: String?
    /// `GRAPH_API_BASE_URL`, with the API version and without a trailing slash; tests point it at a fake.
    public var graphAPIBaseURL: URL
    /// `WHATSAPP_REENGAGEMENT_TEMPLATE`: an approved template sent instead of a reply that falls outside the
    /// 24-hour customer-service window; nil records such a reply as failed.
    public var reengagementTemplate: String?
    /// `WHATSAPP_REENGAGEMENT_TEMPLATE_LANGUAGE`, the template's language code.
    public var reengagementTemplateLanguage: String
    /// `WHATSAPP_MAX_MESSAGE_LENGTH`: longer replies are split (Meta's limit is 4096).
    public var maxMessageLength: Int
    /// `WHATSAPP_BUSINESS_ACCOUNT_ID`: the WhatsApp Business Account the number belongs to. Optional: only
    /// `tagarela doctor` uses it, to read which apps receive the account's webhooks.
    public var businessAccountID: String? = nil

    /// Every variable that belongs to this section; any of them set turns the section on.
    static let variables = [
        "WHATSAPP_TOKEN", "WHATSAPP_PHONE_NUMBER_ID", "PHONE_NUMBER_ID", "WHATSAPP_VERIFY_TOKEN", "VERIFY_TOKEN",
        "WHATSAPP_APP_SECRET", "GRAPH_API_BASE_URL", "WHATSAPP_ALLOW_UNSIGNED_WEBHOOKS",
        "WHATSAPP_REENGAGEMENT_TEMPLATE", "WHATSAPP_REENGAGEMENT_TEMPLATE_LANGUAGE", "WHATSAPP_MAX_MESSAGE_LENGTH",
        "WHATSAPP_BUSINESS_ACCOUNT_ID",
    ]

    static let defaultGraphAPIBaseURL = URL(string: "https://graph.facebook.com/v23.0")!
}

extension MetaConfiguration {
    /// Reads the Meta variables: nil when none is set, an error when the channel is incomplete.
    static func load(_ reader: EnvironmentReader, warnings: inout [String]) throws(ConfigurationError)
        -> MetaConfiguration?
    {
        let present = variables.filter(reader.isSet)
        guard !present.isEmpty else { return nil }
        let token = reader.string("WHATSAPP_TOKEN")
        let phoneNumberID = reader.first("WHATSAPP_PHONE_NUMBER_ID", "PHONE_NUMBER_ID")
        let verifyToken = reader.first("WHATSAPP_VERIFY_TOKEN", "VERIFY_TOKEN")
        var missing: [String] = []
        if token == nil { missing.append("WHATSAPP_TOKEN") }
        if phoneNumberID == nil { missing.append("WHATSAPP_PHONE_NUMBER_ID") }
        if verifyToken == nil { missing.append("WHATSAPP_VERIFY_TOKEN") }
        if !missing.isEmpty {
            throw ConfigurationError(
                setting: missing[0],
                message: "the Meta WhatsApp channel is partly configured: set \(ConfigurationError.list(missing)) "
                    + "too (or remove \(ConfigurationError.list(present)))")
        }
        if let phoneNumberID, !phoneNumberID.value.allSatisfy(\.isASCIIDigit) {
            throw .invalid(
                phoneNumberID.name, mustBe: "the phone number id from Meta's WhatsApp Manager (digits only)",
                got: phoneNumberID.value)
        }
        let businessAccountID = reader.string("WHATSAPP_BUSINESS_ACCOUNT_ID")
        if let businessAccountID, !businessAccountID.allSatisfy(\.isASCIIDigit) {
            throw .invalid(
                "WHATSAPP_BUSINESS_ACCOUNT_ID",
                mustBe: "the WhatsApp Business Account id from WhatsApp Manager "
                    + "(digits only)", got: businessAccountID)
        }
        let appSecret = reader.string("WHATSAPP_APP_SECRET")
        let allowUnsigned = try reader.bool("WHATSAPP_ALLOW_UNSIGNED_WEBHOOKS", default: false)
        if appSecret == nil {
            guard allowUnsigned else {
                throw ConfigurationError(
                    setting: "WHATSAPP_APP_SECRET",
                    message: "WHATSAPP_APP_SECRET is required for the Meta channel: without it anyone could post "
                        + "messages as your contacts. Add WHATSAPP_APP_SECRET=… with the App secret Meta shows in "
                        + "the App Dashboard under App settings › Basic (for local development only, "
                        + "WHATSAPP_ALLOW_UNSIGNED_WEBHOOKS=true accepts unsigned webhooks)")
            }
            warnings.append(
                "WHATSAPP_ALLOW_UNSIGNED_WEBHOOKS=true: Meta webhooks are NOT verified and anyone can post messages "
                    + "as your contacts. Never run like this in production; set WHATSAPP_APP_SECRET")
        } else if allowUnsigned {
            warnings.append(
                "WHATSAPP_ALLOW_UNSIGNED_WEBHOOKS is ignored: WHATSAPP_APP_SECRET is set, so webhooks are verified")
        }
        return MetaConfiguration(
            accessToken: token ?? "",
            phoneNumberID: phoneNumberID?.value ?? "",
            verifyToken: verifyToken?.value ?? "",
            appSecret: appSecret,
            graphAPIBaseURL: try reader.httpURL("GRAPH_API_BASE_URL", example: defaultGraphAPIBaseURL.absoluteString)
                ?? defaultGraphAPIBaseURL,
            reengagementTemplate: reader.string("WHATSAPP_REENGAGEMENT_TEMPLATE"),
            reengagementTemplateLanguage: reader.string("WHATSAPP_REENGAGEMENT_TEMPLATE_LANGUAGE") ?? "pt_BR",
            maxMessageLength: try reader.int("WHATSAPP_MAX_MESSAGE_LENGTH", default: 4096, in: 100...4096),
            businessAccountID: businessAccountID
        )
    }
}
