import Foundation

/// A contact's photo kept in their catalogue: the file is a `StoredMedia` (`mediaID`); the photo belongs to a
/// described item, or waits for a description (`itemID` nil) until `waitingUntil`.
public struct CataloguePhoto: Sendable, Equatable {
    public var id: Int64
    public var contactID: Int64
    public var itemID: Int64?
    public var mediaID: String
    /// The inbound message it came in, while that message is kept.
    public var messageID: Int64?
    public var contentType: String
    public var createdAt: Date
    /// While it waits for a description: when it stops waiting (the contact moved on).
    public var waitingUntil: Date?

    public init(
        id: Int64, contactID: Int64, itemID: Int64?, mediaID: String, messageID: Int64?, contentType: String,
        createdAt: Date, waitingUntil: Date?
    ) {
        self.id = id
        self.contactID = contactID
        self.itemID = itemID
        self.mediaID = mediaID
        self.messageID = messageID
        self.contentType = contentType
        self.createdAt = createdAt
        self.waitingUntil = waitingUntil
    }
}

/// One description with its photos ("Meu gato dormindo no sofá" and the three pictures of it).
public struct CatalogueItem: Sendable, Equatable {
    public var id: Int64
    public var contactID: Int64
    public var description: String
    public var createdAt: Date
    public var updatedAt: Date
    /// Oldest first.
    public var photos: [CataloguePhoto]

    public init(
        id: Int64, contactID: Int64, description: String, createdAt: Date, updatedAt: Date,
        photos: [CataloguePhoto]
    ) {
        self.id = id
        self.contactID = contactID
        self.description = description
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.photos = photos
    }
}

/// A photo to file: its stored file and where it came from.
public struct NewCataloguePhoto: Sendable, Equatable {
    public var mediaID: String
    public var messageID: Int64?
    public var contentType: String

    public init(mediaID: String, messageID: Int64?, contentType: String) {
        self.mediaID = mediaID
        self.messageID = messageID
        self.contentType = contentType
    }
}

/// A description as written, and the searchable form every store matches on: the normalised terms joined by
/// single spaces, with a space at each end (so a term is found as a whole word by the same `LIKE '% term %'`
/// in SQLite, PostgreSQL and memory).
public struct CatalogueText: Sendable, Equatable {
    public var description: String
    public var searchText: String

    /// `terms` as `SearchText.terms` gives them.
    public init(description: String, terms: [String]) {
        self.description = description
        self.searchText = " " + terms.joined(separator: " ") + " "
    }

}
