import Foundation
import Hummingbird
import TagarelaCore

/// A contact as the admin API shows it.
struct ContactView: ResponseEncodable {
    struct Handoff: Codable {
        var since: Date
        var reason: String?
    }

    var id: Int64
    var phone: String?
    var userID: String?
    var profileName: String?
    var channel: String
    /// Our number the contact last wrote to (Twilio's `To`), which replies go out from.
    var wroteTo: String?
    var optedOut: Bool
    var firstSeenAt: Date
    var lastSeenAt: Date
    var messagesIn: Int
    var messagesOut: Int
    /// Set while the contact waits for (or talks with) a person: the bot is silent for them.
    var handoff: Handoff?
    struct Summary: Codable {
        var text: String
        /// The summary covers the messages up to this id.
        var throughMessageID: Int64
        var updatedAt: Date?
    }

    /// What the model remembered about the contact.
    var facts: [ContactFact]
    /// The running summary of the conversation before the memory window; nil while there is none.
    var memorySummary: Summary?

    init(_ contact: Contact, facts: [ContactFact], summary: MemorySummary? = nil) {
        id = contact.id
        phone = contact.phone
        userID = contact.userID
        profileName = contact.profileName
        channel = contact.replyChannel.rawValue
        wroteTo = contact.businessAddress
        optedOut = contact.optedOut
        firstSeenAt = contact.firstSeenAt
        lastSeenAt = contact.lastSeenAt
        messagesIn = contact.inboundCount
        messagesOut = contact.outboundCount
        handoff = contact.handoffAt.map { Handoff(since: $0, reason: contact.handoffReason) }
        self.facts = facts
        memorySummary = summary.flatMap {
            $0.text.isEmpty
                ? nil : Summary(text: $0.text, throughMessageID: $0.throughMessageID, updatedAt: $0.updatedAt)
        }
    }
}

/// A contact in the list, with their newest message.
struct ContactListItem: Encodable {
    var contact: ContactView
    var lastText: String?
    var lastMessageAt: Date?

    init(_ summary: ContactSummary) {
        contact = ContactView(summary.contact, facts: [])
        lastText = summary.lastText
        lastMessageAt = summary.lastMessageAt
    }
}

/// One page of the contact list.
struct ContactListResponse: ResponseEncodable {
    var contacts: [ContactListItem]
    var limit: Int
    var offset: Int
    /// The offset of the next page, or nil on the last one.
    var nextOffset: Int?
}

/// A message as the admin API shows it.
struct MessageView: Codable, Equatable {
    var id: Int64
    var direction: String
    var kind: String
    var text: String?
    var createdAt: Date
    var status: String
    var errorCode: String?
    var errorDetail: String?
    var turnID: Int64?
    var media: MediaAttachment?

    init(_ message: StoredMessage) {
        id = message.id
        direction = message.direction.rawValue
        kind = message.kind.rawValue
        text = message.text
        createdAt = message.createdAt
        status = message.status.rawValue
        errorCode = message.errorCode
        errorDetail = message.errorDetail
        turnID = message.turnID
        media = message.media
    }
}

/// A turn as the admin API shows it.
struct TurnView: Codable, Equatable {
    var id: Int64
    var status: String
    var startedAt: Date
    var provider: String?
    var model: String?
    var inputTokens: Int
    var outputTokens: Int
    var latencyMilliseconds: Double?
    var note: String?
    var toolCalls: JSONValue?
    var voice: JSONValue?
    /// The knowledge base's passages the model was given, best first; nil when none.
    var knowledge: [KnowledgeUse]?

    init(_ turn: TurnSummary) {
        id = turn.id
        status = turn.status
        startedAt = turn.startedAt
        provider = turn.provider
        model = turn.model
        inputTokens = turn.inputTokens
        outputTokens = turn.outputTokens
        latencyMilliseconds = turn.latencyMilliseconds
        note = turn.note
        toolCalls = turn.toolCalls.flatMap(JSONValue.init(parsing:))
        voice = turn.voice.flatMap(JSONValue.init(parsing:))
        let uses = turn.knowledgeUses
        knowledge = uses.isEmpty ? nil : uses
    }
}

/// A contact's messages and turns.
struct ConversationResponse: ResponseEncodable {
    var contact: ContactView
    var messages: [MessageView]
    var turns: [TurnView]
}

/// Everything kept about a contact (a data-protection request).
struct ContactExport: ResponseEncodable {
    var exportedAt: Date
    var contact: ContactView
    var messages: [MessageView]
    var turns: [TurnView]
    /// The contact's photo catalogue (the files themselves at `/api/media/<mediaID>`).
    var catalogue: [CatalogueItemView]
    /// The calls of tools with a side effect made for the contact, and the calls held for their yes.
    var toolCalls: [ToolJournalView]
    var heldToolCalls: [HeldToolCallView]

    /// The export as a file to save, `tagarela-contact-<id>.json`, never cached.
    func download(from request: Request, context: some RequestContext) throws -> Response {
        var response = try response(from: request, context: context)
        response.headers[.contentDisposition] = "attachment; filename=\"tagarela-contact-\(contact.id).json\""
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
