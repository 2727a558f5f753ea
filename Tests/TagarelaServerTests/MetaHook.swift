import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaChannels

/// Builders of Meta Cloud API webhooks, signed the way Meta signs them (over the exact bytes sent).
enum MetaHook {
    static let appSecret = "meta-app-secret-for-tests"
    static let verifyToken = "verify-token-for-tests"
    static let accessToken = "EAAG-test-system-user-token"
    static let phoneNumberID = "106540352242922"

    /// One message object as Meta sends it; `timestamp` defaults to now.
    static func text(
        _ body: String, from: String? = "5511987654321", userID: String? = nil, id: String = newID(),
        sentAt: Date = Date()
    ) -> [String: Any] {
        var message: [String: Any] = [
            "id": id, "timestamp": String(Int(sentAt.timeIntervalSince1970)), "type": "text", "text": ["body": body],
        ]
        if let from { message["from"] = from }
        if let userID { message["from_user_id"] = userID }
        return message
    }

    /// A voice note message naming Meta media `mediaID`.
    static func voice(mediaID: String) -> [String: Any] {
        media("audio", ["id": mediaID, "mime_type": "audio/ogg; codecs=opus", "voice": true])
    }

    /// A message of `type` (`image`, `document`...) whose object is `fields` (`id`, `mime_type`, `caption`...).
    static func media(_ type: String, _ fields: [String: Any]) -> [String: Any] {
        var message = text("")
        message["type"] = type
        message["text"] = nil
        message[type] = fields
        return message
    }

    static func newID() -> String {
        "wamid.HBgL" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
    }

    /// A delivery with `messages` from one contact (its `contacts[]` entry built from the first message).
    static func delivery(
        messages: [[String: Any]] = [], statuses: [[String: Any]] = [], name: String = "Ana",
        phoneNumberID: String = phoneNumberID
    ) -> String {
        var value: [String: Any] = [
            "messaging_product": "whatsapp",
            "metadata": ["display_phone_number": "15550783881", "phone_number_id": phoneNumberID],
        ]
        if let first = messages.first {
            var contact: [String: Any] = ["profile": ["name": name]]
            if let from = first["from"] { contact["wa_id"] = from }
            if let userID = first["from_user_id"] { contact["user_id"] = userID }
            value["contacts"] = [contact]
            value["messages"] = messages
        }
        if !statuses.isEmpty { value["statuses"] = statuses }
        return envelope([value])
    }

    /// Wraps change values into one entry each of a WhatsApp Business Account delivery.
    static func envelope(_ values: [[String: Any]]) -> String {
        let entries = values.map { value -> [String: Any] in
            ["id": "419561257915477", "changes": [["value": value, "field": "messages"]]]
        }
        let object: [String: Any] = ["object": "whatsapp_business_account", "entry": entries]
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// A status update for one of our messages.
    static func status(
        _ wamid: String, _ status: String, errorCode: Int? = nil, recipient: String = "5511987654321"
    ) -> [String: Any] {
        var update: [String: Any] = [
            "id": wamid, "status": status, "timestamp": String(Int(Date().timeIntervalSince1970)),
            "recipient_id": recipient,
        ]
        if let errorCode {
            update["errors"] = [
                [
                    "code": errorCode, "title": "Re-engagement message",
                    "message": "Re-engagement message", "error_data": ["details": "More than 24 hours have passed"],
                ]
            ]
        }
        return update
    }

    static func sign(_ body: String, secret: String = appSecret) -> String {
        MetaSignatureValidator.signature(body: Array(body.utf8), appSecret: secret)
    }

    /// Posts `body` to `/webhooks/meta`, signed unless `signature` says otherwise (`""` sends none).
    @discardableResult
    static func post(
        _ client: any TestClientProtocol, _ body: String, signature: String? = nil, path: String = "/webhooks/meta"
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        let signature = signature ?? sign(body)
        if !signature.isEmpty { headers[HTTPField.Name("X-Hub-Signature-256")!] = signature }
        return try await client.execute(
            uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }
}
