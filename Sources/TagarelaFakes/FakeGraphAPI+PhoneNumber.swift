import Foundation
import Hummingbird
import HummingbirdCore

extension FakeGraphAPI {
    /// The business number as the fake shows it.
    public static let displayPhoneNumber = "+1 555-010-4477"
    public static let verifiedName = "Tagarela Test"

    /// The WhatsApp Business Account the fake's number belongs to.
    public static let businessAccountID = "102290129340398"

    /// Sets the apps subscribed to the account's webhooks (`GET /{WABA-ID}/subscribed_apps`); one by default.
    public func setSubscribedApps(_ names: [String]) async { await state.setSubscribedApps(names) }

    /// The phone number node reads received (`/{version}/{id}?fields=…`), refused ones included.
    public func nodeReads() async -> [String] { await state.nodeReads }
}

extension FakeGraphAPI.State {
    func readNode(_ target: String) { nodeReads.append(target) }
    func setSubscribedApps(_ names: [String]) { subscribedApps = names }
}

extension FakeGraphAPIHandler {
    /// `GET /{phone-number-id}?fields=…`: the fields asked for among those the node has, and its id, as Graph does.
    /// (https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account-to-number-current-status/)
    func phoneNumberNode(query: String?) -> Response {
        let node: [String: Any] = [
            "display_phone_number": FakeGraphAPI.displayPhoneNumber, "verified_name": FakeGraphAPI.verifiedName,
            "quality_rating": "GREEN", "code_verification_status": "VERIFIED", "platform_type": "CLOUD_API",
        ]
        let fields =
            URLComponents(string: "/?" + (query ?? ""))?.queryItems?.first { $0.name == "fields" }?.value?
            .split(separator: ",").map(String.init) ?? ["verified_name", "display_phone_number"]
        for field in fields where node[field] == nil {
            return GraphError(
                400, 100,
                "(#100) Tried accessing nonexisting field (\(field)) on node type "
                    + "(WhatsAppBusinessPhoneNumber)"
            ).response
        }
        var answer = node.filter { fields.contains($0.key) }
        answer["id"] = phoneNumberID
        return jsonResponse(status: 200, answer)
    }

    /// `GET /{WABA-ID}/subscribed_apps`: the apps that receive the account's webhooks, in Graph's shape
    /// (https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account/subscribed_apps/).
    func subscribedApps() async -> Response {
        let apps = await state.subscribedApps.enumerated().map { index, name -> [String: Any] in
            let id = String(1_234_567_890_123_456 + index)
            return [
                "whatsapp_business_api_data": [
                    "id": id, "name": name, "link": "https://www.facebook.com/games/?app_id=\(id)",
                ]
            ]
        }
        return jsonResponse(status: 200, ["data": apps])
    }
}
