import TagarelaCore

/// Why a Twilio webhook form cannot be used; the webhook answers 400 for it.
public enum TwilioWebhookError: Error, Equatable, CustomStringConvertible {
    case missingField(String)
    case invalidField(String)

    public var description: String {
        switch self {
        case .missingField(let name): "required field \(name) is missing or empty"
        case .invalidField(let name): "field \(name) has an unexpected format"
        }
    }
}

/// Turns the form of Twilio's inbound WhatsApp webhook into a `TwilioInbound`; unknown fields are ignored.
public enum TwilioInboundParser {
    /// Twilio sends at most 10 attachments; the cap keeps a forged `NumMedia` from driving a long loop.
    static let maxMedia = 10

    public static func parse(_ form: FormParameters) throws -> TwilioInbound {
        let messageSid = try sid(form, "MessageSid")
        guard let from = form.nonEmpty("From") else { throw TwilioWebhookError.missingField("From") }
        let messageType = form.nonEmpty("MessageType")?.lowercased()
        let body = form["Body"] ?? ""
        let media = attachments(form)
        return TwilioInbound(
            messageSid: messageSid,
            accountSid: form.nonEmpty("AccountSid"),
            from: from,
            to: form.nonEmpty("To"),
            identity: try identity(form, from: from),
            profileName: form.nonEmpty("ProfileName"),
            body: body,
            messageType: messageType,
            content: content(form, body: body, messageType: messageType, media: media),
            media: media,
            buttonPayload: form.nonEmpty("ButtonPayload"),
            repliedToMessageSid: form.nonEmpty("OriginalRepliedMessageSid")
        )
    }

    /// A required sid: lenient about the prefix (fakes and tests use other 34-character sids) but never
    /// more than 64 ASCII letters and digits, since it becomes a storage key.
    static func sid(_ form: FormParameters, _ name: String) throws -> String {
        guard let sid = form.nonEmpty(name) else { throw TwilioWebhookError.missingField(name) }
        guard sid.utf8.count <= 64, sid.utf8.allSatisfy(isASCIIAlphanumeric) else {
            throw TwilioWebhookError.invalidField(name)
        }
        return sid
    }

    /// Phone and business-scoped user id from `From`, `ExternalUserId` and `WaId`; either may be missing
    /// since 2026, so the contact must never be keyed on the phone alone.
    static func identity(_ form: FormParameters, from: String) throws -> ContactIdentity {
        var phone: String?
        var userID: String?
        switch address(from) {
        case .phone(let number): phone = number
        case .userID(let id): userID = id
        case nil: throw TwilioWebhookError.invalidField("From")
        }
        if userID == nil, let external = form.nonEmpty("ExternalUserId"), case .userID(let id) = address(external) {
            userID = id
        }
        if phone == nil, let waID = form.nonEmpty("WaId"), case .phone(let number) = address(waID) {
            phone = number
        }
        return ContactIdentity(phone: phone, userID: userID)
    }

    private enum Address {
        case phone(String)
        case userID(String)
    }

    /// Classifies `whatsapp:+<E.164>` (or bare digits, as in `WaId`) and BSUIDs like `whatsapp:US.1234`.
    private static func address(_ raw: String) -> Address? {
        var value = Substring(raw)
        if value.hasPrefix("whatsapp:") { value = value.dropFirst("whatsapp:".count) }
        let digits = value.hasPrefix("+") ? value.dropFirst() : value
        if (1...15).contains(digits.utf8.count), digits.utf8.allSatisfy({ (48...57).contains($0) }) {
            return .phone("+" + digits)
        }
        // A BSUID is an ISO country code, a dot, then alphanumerics (parent ids add more dot-separated parts).
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard value.utf8.count <= 160, parts.count >= 2, parts[0].utf8.count >= 2,
            parts[0].utf8.allSatisfy({ isASCIIAlphanumeric($0) && !(48...57).contains($0) }),
            parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(isASCIIAlphanumeric) })
        else { return nil }
        return .userID(String(value))
    }

    private static func attachments(_ form: FormParameters) -> [TwilioInbound.Media] {
        let count = min(max(Int(form["NumMedia"] ?? "") ?? 0, 0), maxMedia)
        return (0..<count).compactMap { index in
            form.nonEmpty("MediaUrl\(index)").map {
                TwilioInbound.Media(url: $0, contentType: form.nonEmpty("MediaContentType\(index)"))
            }
        }
    }

    /// What the conversation sees. Media is described (URL, type, caption) so it can be downloaded later; until
    /// media support lands the contact gets a polite notice (answering the caption alone would ignore what
    /// the contact actually sent).
    static func content(
        _ form: FormParameters, body: String, messageType: String?, media: [TwilioInbound.Media]
    ) -> InboundContent {
        if let first = media.first {
            let kind: MessageKind =
                messageType == "sticker"
                ? .sticker : MessageKind(rawValue: mediaKind(first.contentType, messageType: messageType))
            return .media(
                MediaAttachment(
                    kind: kind, url: first.url, mimeType: first.contentType, caption: body.isEmpty ? nil : body))
        }
        if messageType == "location" || (form.nonEmpty("Latitude") != nil && form.nonEmpty("Longitude") != nil) {
            return .unsupported(kind: .location)
        }
        let isButton = messageType == "interactive" || messageType == "button" || form.nonEmpty("ButtonText") != nil
        if let messageType, messageType != "text", !isButton {
            return .unsupported(kind: MessageKind(rawValue: messageType))
        }
        let text = (isButton ? form.nonEmpty("ButtonText") : nil) ?? body
        return text.allSatisfy(\.isWhitespace) ? .unsupported(kind: .empty) : .text(text)
    }

    static func mediaKind(_ contentType: String?, messageType: String?) -> String {
        let type = contentType?.lowercased() ?? ""
        for kind in ["image", "audio", "video"] where type.hasPrefix(kind + "/") {
            return kind
        }
        if type.isEmpty, let messageType, ["image", "audio", "video", "document"].contains(messageType) {
            return messageType
        }
        return "document"
    }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
    }
}
