import Foundation

/// One inbound message of a webhook: the common fields and one object named by `type` (Meta's webhook payload
/// reference).
struct MetaWebhookMessage: Decodable {
    var from: String?
    /// The business-scoped user id (2026); `from` may be absent when the user hides their number.
    var fromUserID: String?
    var id: String?
    var timestamp: FlexibleString?
    var type: String?
    // Decoded on their own: an odd reply marker or ad referral must not cost the message itself.
    var context: Lossy<Context>?
    var referral: Lossy<Referral>?
    var text: Text?
    var image: Media?
    var video: Media?
    var document: Media?
    var sticker: Media?
    var audio: Media?
    var location: Location?
    var reaction: Reaction?
    var interactive: Interactive?
    var button: Button?
    var contacts: [Lossy<SharedContact>]?
    var order: Order?
    var system: System?
    var unsupported: Unsupported?
    var errors: [Lossy<MetaGraphError>]?

    enum CodingKeys: String, CodingKey {
        case from, id, timestamp, type, context, referral, text, image, video, document, sticker, audio
        case location, reaction, interactive, button, contacts, order, system, unsupported, errors
        case fromUserID = "from_user_id"
    }

    /// A reply (`id` of the quoted message), a forward, or a catalogue question.
    struct Context: Decodable {
        var from: String?
        var id: String?
        var forwarded: Bool?
        var frequentlyForwarded: Bool?

        enum CodingKeys: String, CodingKey {
            case from, id, forwarded
            case frequentlyForwarded = "frequently_forwarded"
        }
    }

    /// The ad or post a click-to-WhatsApp conversation started from.
    struct Referral: Decodable {
        var sourceURL: String?
        var sourceID: String?
        var sourceType: String?
        var headline: String?
        var body: String?
        var mediaType: String?
        var ctwaClid: String?

        enum CodingKeys: String, CodingKey {
            case headline, body
            case sourceURL = "source_url"
            case sourceID = "source_id"
            case sourceType = "source_type"
            case mediaType = "media_type"
            case ctwaClid = "ctwa_clid"
        }
    }

    struct Text: Decodable {
        var body: String?
    }

    /// Image, video, document, sticker or audio: downloaded later through `GET /{id}`.
    struct Media: Decodable {
        var id: String?
        var url: String?
        var mimeType: String?
        var sha256: String?
        var caption: String?
        var filename: String?
        var voice: Bool?

        enum CodingKeys: String, CodingKey {
            case id, url, sha256, caption, filename, voice
            case mimeType = "mime_type"
        }
    }

    /// Coordinates are JSON numbers.
    struct Location: Decodable {
        var latitude: Double?
        var longitude: Double?
        var name: String?
        var address: String?
        var url: String?
    }

    /// `emoji` empty or missing: the reaction was removed.
    struct Reaction: Decodable {
        var messageID: String?
        var emoji: String?

        enum CodingKeys: String, CodingKey {
            case emoji
            case messageID = "message_id"
        }
    }

    /// A tap on one of our interactive messages, or a Flow's answer.
    struct Interactive: Decodable {
        var type: String?
        var buttonReply: Reply?
        var listReply: Reply?
        var nfmReply: FlowReply?

        struct Reply: Decodable {
            var id: String?
            var title: String?
            var description: String?
        }

        struct FlowReply: Decodable {
            var name: String?
            var body: String?
            var responseJSON: String?

            enum CodingKeys: String, CodingKey {
                case name, body
                case responseJSON = "response_json"
            }
        }

        enum CodingKeys: String, CodingKey {
            case type
            case buttonReply = "button_reply"
            case listReply = "list_reply"
            case nfmReply = "nfm_reply"
        }
    }

    /// A template's quick-reply button (not `interactive`).
    struct Button: Decodable {
        var payload: String?
        var text: String?
    }

    /// A contact card the user shared.
    struct SharedContact: Decodable {
        var name: Name?
        var org: Org?
        var phones: [Lossy<Phone>]?

        struct Name: Decodable {
            var formattedName: String?
            var firstName: String?
            var lastName: String?

            enum CodingKeys: String, CodingKey {
                case formattedName = "formatted_name"
                case firstName = "first_name"
                case lastName = "last_name"
            }
        }

        struct Org: Decodable {
            var company: String?
        }

        struct Phone: Decodable {
            var phone: String?
            var waID: String?
            var type: String?

            enum CodingKeys: String, CodingKey {
                case phone, type
                case waID = "wa_id"
            }
        }
    }

    /// A cart sent from the catalogue.
    struct Order: Decodable {
        var catalogID: String?
        var text: String?
        var productItems: [Lossy<Item>]?

        struct Item: Decodable {
            var productRetailerID: String?
            var quantity: FlexibleString?
            var itemPrice: FlexibleString?
            var currency: String?

            enum CodingKeys: String, CodingKey {
                case quantity, currency
                case productRetailerID = "product_retailer_id"
                case itemPrice = "item_price"
            }
        }

        enum CodingKeys: String, CodingKey {
            case text
            case catalogID = "catalog_id"
            case productItems = "product_items"
        }
    }

    /// A system notice; `user_changed_number` carries the new number in `wa_id` (older payloads: `new_wa_id`).
    struct System: Decodable {
        var type: String?
        var body: String?
        var waID: String?
        var newWaID: String?

        enum CodingKeys: String, CodingKey {
            case type, body
            case waID = "wa_id"
            case newWaID = "new_wa_id"
        }
    }

    struct Unsupported: Decodable {
        var type: String?
    }
}
