import Foundation

extension Configuration {
    /// Meta's WhatsApp Business Solution terms, which since 15 January 2026 allow a business's own assistant on
    /// WhatsApp but no general-purpose AI assistant.
    public static let whatsAppTermsURL = "https://www.whatsapp.com/legal/business-solution-terms"

    /// What the start-up overview, the welcome page and `doctor` say when a live channel's assistant does not say
    /// whose it is; nil without a channel, or once `BUSINESS_NAME` and `BUSINESS_DESCRIPTION` (or a prompt of the
    /// operator's own) say it.
    public var businessWarning: String? {
        guard twilio != nil || meta != nil, !memory.describesBusiness else { return nil }
        return "a live WhatsApp channel should have BUSINESS_NAME and BUSINESS_DESCRIPTION (or a SYSTEM_PROMPT of "
            + "your own): WhatsApp's terms allow a business's own assistant, not a general-purpose one "
            + "(\(Self.whatsAppTermsURL))"
    }

    /// The overview's `assistant` line: whose assistant answers, and the warning when it does not say.
    var assistantOverview: String {
        let whose =
            if !memory.promptIsDefault {
                "instructed by \(memory.systemPromptFile ?? "SYSTEM_PROMPT")"
            } else if let name = memory.businessName {
                "\(name)'s assistant" + (memory.businessDescription == nil ? " (no BUSINESS_DESCRIPTION)" : "")
            } else {
                "an unnamed business's assistant"
            }
        return businessWarning.map { "\(whose); warning: \($0)" } ?? whose
    }
}
