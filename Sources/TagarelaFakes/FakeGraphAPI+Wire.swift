import Foundation
import Hummingbird

/// A Graph API error answer: `{"error":{"message","type","code","error_subcode","error_data","fbtrace_id"}}`.
struct GraphError: Error {
    var status: Int
    var code: Int
    var subcode: Int?
    var message: String
    var details: String?
    var isTransient: Bool?
    var retryAfter: String?

    init(
        _ status: Int, _ code: Int, _ message: String, subcode: Int? = nil, details: String? = nil,
        isTransient: Bool? = nil, retryAfter: String? = nil
    ) {
        self.status = status
        self.code = code
        self.subcode = subcode
        self.message = message
        self.details = details
        self.isTransient = isTransient
        self.retryAfter = retryAfter
    }

    /// Meta's answer to a missing, malformed or expired token.
    static let invalidToken = GraphError(401, 190, "Invalid OAuth access token - Cannot parse access token")

    /// `(#100) Invalid parameter` with the specific complaint in `details`, as Meta words parameter errors.
    static func invalidParameter(_ details: String) -> GraphError {
        GraphError(400, 100, "(#100) Invalid parameter", details: details)
    }

    var response: Response {
        var error: [String: Any] = [
            "message": message, "type": "OAuthException", "code": code,
            "fbtrace_id": "A" + String(UUID().uuidString.prefix(22)).replacingOccurrences(of: "-", with: ""),
        ]
        if let subcode { error["error_subcode"] = subcode }
        if let details { error["error_data"] = ["messaging_product": "whatsapp", "details": details] }
        if let isTransient { error["is_transient"] = isTransient }
        return jsonResponse(status: status, ["error": error], headers: retryAfter.map { ["Retry-After": $0] } ?? [:])
    }
}

/// The message kinds `POST /messages` takes and the checks the fake makes on them (Meta's Cloud API messages
/// reference).
enum GraphSendRules {
    static let mediaTypes: Set<String> = ["image", "audio", "video", "document", "sticker"]
    static let otherTypes: Set<String> = ["text", "template", "reaction", "interactive", "location", "contacts"]
    static let maxTextLength = 4096

    /// Exactly one of `to` (a phone number) and `recipient` (a business-scoped user id), as strings.
    static func address(_ object: [String: Any]) throws(GraphError) -> (to: String?, recipient: String?) {
        let to = object["to"]
        let recipient = object["recipient"]
        switch (to, recipient) {
        case (nil, nil):
            throw .invalidParameter("The parameter to or recipient is required.")
        case (.some, .some):
            throw .invalidParameter("Only one of to and recipient may be set.")
        case (let to as String, nil):
            let digits = to.hasPrefix("+") ? to.dropFirst() : Substring(to)
            guard (8...15).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw .invalidParameter("Param to must be a valid phone number.")
            }
            return (to, nil)
        case (nil, let recipient as String):
            let parts = recipient.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count >= 2,
                parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } })
            else {
                throw .invalidParameter("Param recipient must be a business-scoped user id.")
            }
            return (nil, recipient)
        default:
            throw .invalidParameter("Params to and recipient must be strings.")
        }
    }

    /// The type and its object; returns the text body, template name and language for the record.
    static func content(_ object: [String: Any]) throws(GraphError) -> (
        type: String, text: String?, previewURL: Bool?, templateName: String?, templateLanguage: String?
    ) {
        guard let type = object["type"] as? String else {
            throw .invalidParameter("The parameter type is required.")
        }
        guard mediaTypes.contains(type) || otherTypes.contains(type) else {
            throw GraphError(
                400, 100,
                "(#100) Param type must be one of {\(otherTypes.union(mediaTypes).sorted().joined(separator: ", "))}")
        }
        guard let body = object[type] as? [String: Any] else {
            throw .invalidParameter("The parameter \(type) is required.")
        }
        switch type {
        case "text":
            guard let text = body["body"] as? String, !text.isEmpty else {
                throw .invalidParameter("The parameter text['body'] is required.")
            }
            guard text.utf16.count <= maxTextLength else {
                throw .invalidParameter("Param text['body'] must be at most \(maxTextLength) characters long.")
            }
            return (type, text, body["preview_url"] as? Bool, nil, nil)
        case "template":
            guard let name = body["name"] as? String, !name.isEmpty else {
                throw .invalidParameter("The parameter template['name'] is required.")
            }
            guard let language = body["language"] as? [String: Any], let code = language["code"] as? String,
                !code.isEmpty
            else {
                throw .invalidParameter("The parameter template['language']['code'] is required.")
            }
            if let components = body["components"], !(components is [Any]) {
                throw .invalidParameter("Param template['components'] must be an array.")
            }
            return (type, nil, nil, name, code)
        case _ where mediaTypes.contains(type):
            guard (body["id"] is String) != (body["link"] is String) else {
                throw .invalidParameter("Exactly one of \(type)['id'] and \(type)['link'] is required.")
            }
            return (type, nil, nil, nil, nil)
        default:
            return (type, nil, nil, nil, nil)
        }
    }

    /// A new `wamid.…`: base64 of random bytes, the shape of Meta's ids.
    static func newMessageID() -> String {
        "wamid." + Data((0..<30).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
    }
}
