import Foundation

/// The JSON Meta posts to the webhook (Meta's webhook payload reference). Only `object` is required: every other field
/// is optional and every array element decodes on its own, so one odd element never loses the rest.
struct MetaWebhookPayload: Decodable {
    var object: String
    var entry: [Lossy<Entry>]?

    struct Entry: Decodable {
        var id: String?
        var changes: [Lossy<Change>]?
    }

    /// One change; only `field == "messages"` carries messages and statuses.
    struct Change: Decodable {
        var field: String?
        var value: Lossy<Value>?
    }

    struct Value: Decodable {
        var metadata: Metadata?
        var contacts: [Lossy<Contact>]?
        var messages: [Lossy<MetaWebhookMessage>]?
        var statuses: [Lossy<Status>]?
        var errors: [Lossy<MetaGraphError>]?
    }

    /// The business number the traffic belongs to.
    struct Metadata: Decodable {
        var phoneNumberID: String?

        enum CodingKeys: String, CodingKey {
            case phoneNumberID = "phone_number_id"
        }
    }

    /// The sender as WhatsApp knows them: `wa_id` (digits) and, since 2026, the business-scoped `user_id`.
    struct Contact: Decodable {
        var profile: Profile?
        var waID: String?
        var userID: String?

        struct Profile: Decodable {
            var name: String?
            var username: String?
        }

        enum CodingKeys: String, CodingKey {
            case profile
            case waID = "wa_id"
            case userID = "user_id"
        }
    }

    /// A delivery receipt for one of our messages.
    struct Status: Decodable {
        var id: String?
        var status: String?
        var timestamp: FlexibleString?
        var recipientID: String?
        var recipientUserID: String?
        var errors: [Lossy<MetaGraphError>]?

        enum CodingKeys: String, CodingKey {
            case id, status, timestamp, errors
            case recipientID = "recipient_id"
            case recipientUserID = "recipient_user_id"
        }
    }
}
