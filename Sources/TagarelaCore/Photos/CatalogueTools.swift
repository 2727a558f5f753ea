import Foundation

/// `describe_photos`: saves the contact's description of the photos waiting for one, or changes an item's
/// description. It writes at once (unlike the tools whose effects wait for the turn's end): filing the same
/// photos under the same words again changes nothing, so a turn run again is harmless.
public struct DescribePhotosTool: Tool {
    public static let name = "describe_photos"
    public static let maxLength = 300
    let store: any CatalogueStore

    public init(store: any CatalogueStore) {
        self.store = store
    }

    public var definition: ToolDefinition {
        ToolDefinition(
            name: Self.name,
            description: """
                Save a description in the contact's photo catalogue: for the photos waiting for one (leave item_id \
                out), or to change the description of an item found by search_photos (give its item_id). Use the \
                contact's own words, e.g. "Meu gato dormindo no sofá".
                """,
            parameters: [
                "type": "object",
                "properties": [
                    "description": ["type": "string", "description": "What the photos show, as the contact said it."],
                    "item_id": ["type": "integer", "description": "The item to rename; omit for waiting photos."],
                ],
                "required": ["description"],
            ])
    }

    public func run(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let description = (arguments["description"]?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !description.isEmpty, description.count <= Self.maxLength else {
            throw ToolError("the description must have 1 to \(Self.maxLength) characters")
        }
        let text = CatalogueText(describing: description)
        let contactID = context.contact.id
        if let itemID = arguments["item_id"]?.intValue {
            guard
                let item = try await store.redescribe(
                    itemID: Int64(itemID), contactID: contactID, as: text, now: context.now)
            else { throw ToolError("the contact has no item \(itemID)") }
            return ToolOutput(result: ["saved": true, "item_id": .int(Int(item.id))])
        }
        guard let item = try await store.describeWaitingPhotos(contactID: contactID, as: text, now: context.now)
        else { throw ToolError("no photo is waiting for a description") }
        return ToolOutput(
            result: ["saved": true, "item_id": .int(Int(item.id)), "photos": .int(Int(item.photos.count))])
    }
}

/// `search_photos`: finds items of the contact's own catalogue by the words of their descriptions (Portuguese
/// plurals and accents folded alike, see `SearchText`).
public struct SearchPhotosTool: Tool {
    public static let name = "search_photos"
    /// Items shown to the model at most; the best matches first.
    public static let maxResults = 10
    let store: any CatalogueStore

    public init(store: any CatalogueStore) {
        self.store = store
    }

    public var definition: ToolDefinition {
        ToolDefinition(
            name: Self.name,
            description: """
                Search the contact's photo catalogue by what the photos show ("gato", "praia"). Returns items with \
                their id, description and number of photos; send them with send_photos.
                """,
            parameters: [
                "type": "object",
                "properties": ["query": ["type": "string", "description": "Words of what to find."]],
                "required": ["query"],
            ])
    }

    public func run(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let items = try await CatalogueSearch(store: store).items(
            contactID: context.contact.id, query: arguments["query"]?.stringValue ?? "", limit: Self.maxResults)
        let found: [JSONValue] = items.map {
            [
                "item_id": .int(Int($0.id)), "description": .string($0.description),
                "photos": .int(Int($0.photos.count)),
            ]
        }
        return ToolOutput(result: ["items": .array(found)])
    }
}

/// `send_photos`: sends items of the contact's catalogue back to them, one photo per WhatsApp message (WhatsApp
/// carries one attachment a message) with its description as caption, at most `maxPhotos` per answer.
public struct SendPhotosTool: Tool {
    public static let name = "send_photos"
    public static let maxPhotos = 5
    let store: any CatalogueStore

    public init(store: any CatalogueStore) {
        self.store = store
    }

    public var definition: ToolDefinition {
        ToolDefinition(
            name: Self.name,
            description: """
                Send photos from the contact's catalogue to them, by the item ids search_photos returned. At most \
                \(Self.maxPhotos) photos go per answer; say so if there are more.
                """,
            parameters: [
                "type": "object",
                "properties": [
                    "item_ids": ["type": "array", "items": ["type": "integer"], "description": "Items to send."]
                ],
                "required": ["item_ids"],
            ])
    }

    public func run(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let ids = (arguments["item_ids"]?.arrayValue ?? []).compactMap(\.intValue)
        guard !ids.isEmpty else { throw ToolError("give the item_ids to send") }
        var photos: [OutboundDraft] = []
        for id in ids {
            guard let item = try await store.catalogueItem(id: Int64(id)), item.contactID == context.contact.id
            else { throw ToolError("the contact has no item \(id)") }
            photos += item.outboundPhotos
        }
        let sent = Array(photos.prefix(Self.maxPhotos))
        return ToolOutput(
            result: ["sending": .int(Int(sent.count)), "left_out": .int(Int(photos.count - sent.count))],
            attachments: sent)
    }
}

extension CatalogueItem {
    /// Its photos as messages, one photo a message with the description as caption, each naming its kept file
    /// (`PhotoLinks.ready` gives each the public copy the channel sends).
    public var outboundPhotos: [OutboundDraft] {
        photos.map { photo in
            var media = MediaAttachment(kind: .image, mimeType: photo.contentType, caption: description)
            media.storedID = photo.mediaID
            return OutboundDraft(kind: .image, text: description, media: media)
        }
    }
}

/// The one search of a catalogue: the query normalised like descriptions, the stores' whole-word match, then
/// `SearchText.ranked` (more of the query's words first, newest first among equals).
public struct CatalogueSearch: Sendable {
    let store: any CatalogueStore

    public init(store: any CatalogueStore) {
        self.store = store
    }

    /// Candidates read before ranking: more than anyone browses.
    static let candidates = 200

    /// The best matches for `query`; a query with no searchable word ("mostre fotos") finds nothing.
    public func items(contactID: Int64?, query: String, limit: Int) async throws -> [CatalogueItem] {
        let terms = SearchText.terms(query)
        guard !terms.isEmpty else { return [] }
        let found = try await store.catalogueItems(contactID: contactID, matchingAny: terms, limit: Self.candidates)
        return Array(SearchText.ranked(found, matching: query, text: \.description).prefix(limit))
    }
}
