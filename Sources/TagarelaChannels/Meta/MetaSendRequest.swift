import Foundation
import TagarelaCore

/// The JSON body of `POST /{phone-number-id}/messages` for the kinds this server sends.
struct MetaSendRequest: Encodable {
    var messagingProduct = "whatsapp"
    var recipientType = "individual"
    /// The number's digits; exclusive with `recipient`.
    var to: String?
    /// A business-scoped user id (`US.1234…`), for contacts whose number WhatsApp withholds.
    var recipient: String?
    var type: String
    var text: Text?
    var template: Template?
    var audio: Audio?
    var image: Image?

    /// An uploaded photo by Meta's media id, with its caption.
    struct Image: Encodable {
        var id: String
        var caption: String?
    }

    /// An uploaded audio file by Meta's media id; `voice` makes it a voice note.
    struct Audio: Encodable {
        var id: String
        var voice: Bool
    }

    struct Text: Encodable {
        var body: String
        // A link preview would fetch whatever URL the model wrote; keep replies plain.
        var previewURL = false

        enum CodingKeys: String, CodingKey {
            case body
            case previewURL = "preview_url"
        }
    }

    struct Template: Encodable {
        var name: String
        var language: Language
        /// As the Cloud API takes them: `[{"type": "body", "parameters": [{"type": "text", "text": "Ana"}]}]`.
        var components: JSONValue?

        struct Language: Encodable {
            var code: String
        }

    }

    enum CodingKeys: String, CodingKey {
        case to, recipient, type, text, template, audio, image
        case messagingProduct = "messaging_product"
        case recipientType = "recipient_type"
    }

    /// Addressed by `to` for a number (digits, a leading `+` dropped) or by `recipient` for anything else.
    init(address: String, type: String) {
        let digits = address.hasPrefix("+") ? String(address.dropFirst()) : address
        if !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
            to = digits
        } else {
            recipient = address
        }
        self.type = type
    }

    static func text(_ body: String, to address: String) -> MetaSendRequest {
        var request = MetaSendRequest(address: address, type: "text")
        request.text = Text(body: body)
        return request
    }

    static func image(mediaID: String, caption: String, to address: String) -> MetaSendRequest {
        var request = MetaSendRequest(address: address, type: "image")
        request.image = Image(id: mediaID, caption: caption.isEmpty ? nil : caption)
        return request
    }

    static func voice(mediaID: String, to address: String) -> MetaSendRequest {
        var request = MetaSendRequest(address: address, type: "audio")
        request.audio = Audio(id: mediaID, voice: true)
        return request
    }

    static func template(_ template: MetaTemplate, to address: String) -> MetaSendRequest {
        var request = MetaSendRequest(address: address, type: "template")
        let parameters = template.bodyParameters.map { JSONValue.object(["type": "text", "text": .string($0)]) }
        request.template = Template(
            name: template.name,
            language: .init(code: template.languageCode),
            components: parameters.isEmpty ? nil : [.object(["type": "body", "parameters": .array(parameters)])]
        )
        return request
    }

    /// A template a person chose, with its components as given.
    static func template(_ template: OutboundTemplate, name: String, to address: String) -> MetaSendRequest {
        var request = MetaSendRequest(address: address, type: "template")
        request.template = Template(
            name: name, language: .init(code: template.language ?? "pt_BR"), components: template.components)
        return request
    }
}

/// Marks a message read and shows the typing indicator (up to 25 seconds, or until we answer).
struct MetaTypingRequest: Encodable {
    var messagingProduct = "whatsapp"
    var status = "read"
    var messageID: String
    var typingIndicator = TypingIndicator()

    struct TypingIndicator: Encodable {
        var type = "text"
    }

    enum CodingKeys: String, CodingKey {
        case status
        case messagingProduct = "messaging_product"
        case messageID = "message_id"
        case typingIndicator = "typing_indicator"
    }
}
