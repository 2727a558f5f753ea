import Foundation
import TagarelaCore

/// `GET /2010-04-01/Accounts/{AccountSid}.json` with the configured credentials: the account exists and is active.
struct TwilioAccountCheck: DoctorCheck {
    let twilio: TwilioConfiguration
    let name = "Twilio account"

    func run(_ context: DoctorContext) async throws -> DoctorOutcome {
        let answer = try await context.http.get(
            "\(twilio.apiBaseURL.absoluteString)/2010-04-01/Accounts/\(twilio.accountSID).json",
            headers: [("Authorization", twilio.basicAuthorization)], timeout: context.timeout)
        guard answer.isSuccess else {
            return .failed(
                answer.refusal,
                fix: "copy TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN again from the Twilio Console's Account Info")
        }
        let status = answer.json?["status"] as? String ?? "unknown"
        guard status == "active" else {
            return .failed("the account is \(status)", fix: "reactivate it in the Twilio Console")
        }
        return .passed("\("account " + Redact.address(twilio.accountSID)) is active")
    }
}

extension TwilioConfiguration {
    /// HTTP Basic with the account SID and auth token, as Twilio's REST API wants.
    var basicAuthorization: String {
        "Basic " + Data("\(accountSID):\(authToken)".utf8).base64EncodedString()
    }
}
