import Foundation
import TagarelaCore

/// The sender is on the account: `GET .../IncomingPhoneNumbers.json?PhoneNumber=` lists the number.
struct TwilioSenderCheck: DoctorCheck {
    let twilio: TwilioConfiguration
    let name = "Twilio sender"

    /// Twilio's shared WhatsApp sandbox number, which belongs to no account.
    static let sandbox = "whatsapp:+14155238886"

    func run(_ context: DoctorContext) async throws -> DoctorOutcome {
        if twilio.messagingServiceSID != nil, twilio.from == nil {
            return .skipped("TWILIO_MESSAGING_SERVICE_SID picks the sender; its numbers are not checked")
        }
        guard let from = twilio.from else {
            return .notConfigured(
                "TWILIO_WHATSAPP_FROM unset: each reply goes out from the number the contact wrote to")
        }
        if from == Self.sandbox { return .passed("the WhatsApp sandbox number") }
        let number = String(from.dropFirst("whatsapp:".count))
        let encoded = number.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? number
        let answer = try await context.http.get(
            "\(twilio.apiBaseURL.absoluteString)/2010-04-01/Accounts/\(twilio.accountSID)/IncomingPhoneNumbers.json"
                + "?PhoneNumber=\(encoded)",
            headers: [("Authorization", twilio.basicAuthorization)], timeout: context.timeout)
        guard answer.isSuccess else {
            return .failed(answer.refusal, fix: "check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN")
        }
        let numbers = answer.json?["incoming_phone_numbers"] as? [[String: Any]] ?? []
        guard !numbers.isEmpty else {
            return .skipped(
                "\(Redact.address(from)) is not among the account's phone numbers (a sender registered "
                    + "elsewhere cannot be checked here)")
        }
        return .passed("\(Redact.address(from)) belongs to the account")
    }
}
