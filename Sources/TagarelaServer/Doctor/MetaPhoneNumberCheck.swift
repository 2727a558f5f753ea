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

/// Which apps receive the business account's webhooks: `GET /{WABA-ID}/subscribed_apps` with `WHATSAPP_TOKEN`
/// (https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account/subscribed_apps/). An
/// account with no app subscribed delivers no message to any webhook, whatever the App Dashboard's callback URL.
struct MetaSubscriptionCheck: DoctorCheck {
    let meta: MetaConfiguration
    let name = "Meta webhook subscription"

    func run(_ context: DoctorContext) async throws -> DoctorOutcome {
        guard let account = meta.businessAccountID else {
            return .skipped(
                "set WHATSAPP_BUSINESS_ACCOUNT_ID (WhatsApp Manager › Account tools › Phone numbers shows it) to "
                    + "check which apps receive the account's webhooks")
        }
        let answer = try await context.http.get(
            "\(meta.graphAPIBaseURL.absoluteString)/\(account)/subscribed_apps",
            headers: [("Authorization", "Bearer \(meta.accessToken)")], timeout: context.timeout)
        guard answer.isSuccess else {
            return .failed(
                answer.refusal,
                fix: "check WHATSAPP_BUSINESS_ACCOUNT_ID, and give the token whatsapp_business_management on it")
        }
        let apps = ((answer.json?["data"] as? [[String: Any]]) ?? []).compactMap { entry in
            (entry["whatsapp_business_api_data"] as? [String: Any])?["name"] as? String
        }
        guard !apps.isEmpty else {
            return .failed(
                "no app is subscribed to the account's webhooks: Meta delivers no message",
                fix: "subscribe your app: POST /\(account)/subscribed_apps with the token, or the App Dashboard's "
                    + "WhatsApp › Configuration")
        }
        return .passed("apps subscribed: " + apps.joined(separator: ", "))
    }
}
