import Foundation
import TagarelaCore

/// `GET /{phone-number-id}?fields=display_phone_number,verified_name` with `WHATSAPP_TOKEN`: the token works and
/// reaches the business number.
struct MetaPhoneNumberCheck: DoctorCheck {
    let meta: MetaConfiguration
    let name = "Meta phone number"

    func run(_ context: DoctorContext) async throws -> DoctorOutcome {
        let answer = try await context.http.get(
            "\(meta.graphAPIBaseURL.absoluteString)/\(meta.phoneNumberID)?fields=display_phone_number,verified_name",
            headers: [("Authorization", "Bearer \(meta.accessToken)")], timeout: context.timeout)
        guard answer.isSuccess else {
            let code = (answer.json?["error"] as? [String: Any])?["code"] as? Int
            let fix =
                code == 190
                ? "make a new permanent token (a system user's, in Business Settings) and put it in WHATSAPP_TOKEN"
                : "copy WHATSAPP_PHONE_NUMBER_ID from WhatsApp Manager › API Setup, and give the token's "
                    + "system user this WhatsApp account"
            return .failed(answer.refusal, fix: fix)
        }
        let shown = (answer.json?["display_phone_number"] as? String).map(Redact.address) ?? "?"
        let verified = answer.json?["verified_name"] as? String ?? "?"
        return .passed("\(shown) (\(verified))")
    }
}

/// The app's webhook subscription: `GET /{app-id}/subscriptions` needs an app access token.
struct MetaSubscriptionCheck: DoctorCheck {
    let name = "Meta webhook subscription"

    func run(_ context: DoctorContext) async throws -> DoctorOutcome {
        .skipped(
            "GET /{app-id}/subscriptions needs an app access token (app id and app secret), and no setting "
                + "names the app id; check it in the App Dashboard › WhatsApp › Configuration")
    }
}
