import Foundation
import TagarelaCore

extension MetaWebhookParser {
    static let mediaKinds: Set<String> = ["image", "video", "document", "sticker", "audio"]

    /// What the message carries, as the conversation core sees it. Kinds the assistant cannot act on yet
    /// become `.unsupported` with a readable summary, so they are still stored and shown.
    static func content(of message: MetaWebhookMessage) -> InboundContent {
        let type = message.type ?? "unknown"
        switch type {
        case "text":
            guard let body = message.text?.body else { return .unsupported(kind: .text, summary: nil) }
            return .text(body)
        case "interactive":
            return interactive(message)
        case "button":
            guard let text = message.button?.text ?? message.button?.payload else {
                return .unsupported(kind: .button, summary: nil)
            }
            return .text(text)
        case "reaction":
            guard let messageID = message.reaction?.messageID, !messageID.isEmpty else {
                return .unsupported(kind: .reaction, summary: message.reaction?.emoji)
            }
            return .reaction(emoji: message.reaction?.emoji ?? "", messageID: messageID)
        case _ where mediaKinds.contains(type):
            guard let media = media(of: message, kind: type) else {
                return .unsupported(kind: MessageKind(rawValue: type), summary: nil)
            }
            return .media(
                MediaAttachment(
                    kind: MessageKind(rawValue: type), id: media.id, url: media.url, mimeType: media.mimeType,
                    sha256: media.sha256,
                    caption: media.caption, filename: media.filename, voice: media.voice
                ))
        case "location":
            return .unsupported(kind: .location, summary: message.location.map(summary))
        case "contacts":
            let cards: [MetaWebhookMessage.SharedContact] = (message.contacts ?? []).values()
            return .unsupported(
                kind: .contacts, summary: cards.isEmpty ? nil : cards.map(summary).joined(separator: "; "))
        case "order":
            return .unsupported(kind: .order, summary: message.order.map(summary))
        case "unsupported":
            let error = (message.errors ?? []).values().first
            return .unsupported(
                kind: .unsupported, summary: message.unsupported?.type ?? error?.details ?? error?.title)
        default:
            return .unsupported(kind: MessageKind(rawValue: String(type.prefix(40))), summary: nil)
        }
    }

    static func media(of message: MetaWebhookMessage, kind: String) -> MetaWebhookMessage.Media? {
        switch kind {
        case "image": message.image
        case "video": message.video
        case "document": message.document
        case "sticker": message.sticker
        case "audio": message.audio
        default: nil
        }
    }

    /// A tapped reply button or list row reads as what the contact saw; a Flow's answer is kept as its JSON.
    static func interactive(_ message: MetaWebhookMessage) -> InboundContent {
        let interactive = message.interactive
        if let title = interactive?.buttonReply?.title {
            return .text(title)
        }
        if let row = interactive?.listReply, let title = row.title {
            // The description is part of what the contact chose ("Priority Mail Express — Next Day to 2 Days").
            guard let description = row.description, !description.isEmpty else { return .text(title) }
            return .text("\(title) — \(description)")
        }
        if let flow = interactive?.nfmReply {
            return .unsupported(kind: .flow, summary: flow.responseJSON ?? flow.body)
        }
        return .unsupported(kind: .interactive, summary: interactive?.type)
    }

    /// `Philz Coffee, 101 Forest Ave, Palo Alto (37.44221496582, -122.16165924072)`.
    static func summary(_ location: MetaWebhookMessage.Location) -> String {
        var parts = [location.name, location.address].compactMap { $0?.isEmpty == false ? $0 : nil }
        if let latitude = location.latitude, let longitude = location.longitude {
            let coordinates = "(\(latitude), \(longitude))"
            if parts.isEmpty { return coordinates }
            parts[parts.count - 1] += " " + coordinates
        }
        return parts.isEmpty ? (location.url ?? "location") : parts.joined(separator: ", ")
    }

    /// `Lucía Gómez (Google): +1 (983) 555-2319`.
    static func summary(_ card: MetaWebhookMessage.SharedContact) -> String {
        let fullName = [card.name?.firstName, card.name?.lastName].compactMap { $0 }.joined(separator: " ")
        var text = card.name?.formattedName ?? (fullName.isEmpty ? "contact" : fullName)
        if let company = card.org?.company, !company.isEmpty { text += " (\(company))" }
        let phones = (card.phones ?? []).values().compactMap { $0.phone ?? $0.waID.map { "+" + $0 } }
        if !phones.isEmpty { text += ": " + phones.joined(separator: ", ") }
        return text
    }

    /// `2 × di9ozbzfi4 at 30 USD, 1 × nqryix03ez at 25 USD (catalog 194836987003835)`, then the note, if any.
    static func summary(_ order: MetaWebhookMessage.Order) -> String {
        let items = (order.productItems ?? []).values().map { item in
            var text = "\(item.quantity?.text ?? "1") × \(item.productRetailerID ?? "item")"
            if let price = item.itemPrice?.text {
                text += " at \(price)" + (item.currency.map { " \($0)" } ?? "")
            }
            return text
        }
        var text = items.isEmpty ? "empty order" : items.joined(separator: ", ")
        if let catalog = order.catalogID { text += " (catalog \(catalog))" }
        if let note = order.text, !note.isEmpty { text += ": \(note)" }
        return text
    }
}
