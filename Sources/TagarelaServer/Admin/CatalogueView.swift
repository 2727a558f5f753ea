import Foundation
import TagarelaCore

/// A catalogue item as the admin API shows it: the description and its photos, each by the id of its file.
struct CatalogueItemView: Codable, Equatable {
    struct Photo: Codable, Equatable {
        var id: Int64
        /// The file, served to the admin at `/api/media/<mediaID>`.
        var mediaID: String
        var contentType: String
        var messageID: Int64?
        var createdAt: Date
    }

    var id: Int64
    var contactID: Int64
    var description: String
    var createdAt: Date
    var updatedAt: Date
    var photos: [Photo]

    init(_ item: CatalogueItem) {
        id = item.id
        contactID = item.contactID
        description = item.description
        createdAt = item.createdAt
        updatedAt = item.updatedAt
        photos = item.photos.map {
            Photo(
                id: $0.id, mediaID: $0.mediaID, contentType: $0.contentType, messageID: $0.messageID,
                createdAt: $0.createdAt)
        }
    }
}
