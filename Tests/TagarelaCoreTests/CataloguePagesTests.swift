import Foundation
import TagarelaCore
import Testing

/// The catalogue a page at a time, as the dashboard's gallery and the admin API read it: listed newest first or
/// searched as the model searches, one contact or all, never reading past the reach.
@Suite("Catalogue pages")
struct CataloguePagesTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A contact of the in-memory store with one item per description, each a second newer than the last.
    static func contact(
        _ store: InMemoryConversationStore, phone: String, _ descriptions: [String]
    ) async throws -> (id: Int64, items: [CatalogueItem]) {
        let message = InboundMessage(
            channel: .twilio, providerMessageID: "SM\(phone)", identity: ContactIdentity(phone: phone),
            replyAddress: "whatsapp:\(phone)", profileName: nil, content: .text("oi"), expectsReply: false)
        guard case .stored(_, let contactID) = try await store.ingest(message, at: start, schedule: .immediate) else {
            throw CancellationError()
        }
        var items: [CatalogueItem] = []
        for description in descriptions {
            let now = start.addingTimeInterval(Double(items.count + 1 + Int(contactID) * 1000))
            let photo = NewCataloguePhoto(mediaID: StoredMedia.newID(), messageID: nil, contentType: "image/png")
            items.append(
                try #require(
                    try await store.addPhotos(
                        [photo], contactID: contactID, text: CatalogueText(describing: description), waitingUntil: nil,
                        now: now)))
        }
        return (contactID, items)
    }

    @Test func pagesListNewestFirstForOneContactOrAll() async throws {
        let store = InMemoryConversationStore()
        let ana = try await Self.contact(store, phone: "+5511900000001", (1...30).map { "Bolo número \($0)" })
        let bia = try await Self.contact(store, phone: "+5511900000002", ["Gato no sofá", "Gatos na janela"])
        let search = CatalogueSearch(store: store)

        let first = try await search.page(contactID: nil, query: "", offset: 0, limit: 25)
        let newest = (ana.items + bia.items).reversed().map(\.id)
        #expect(first.items.map(\.id) == Array(newest.prefix(25)) && first.nextOffset == 25)
        let last = try await search.page(contactID: nil, query: " ", offset: 25, limit: 25)
        #expect(last.items.map(\.id) == Array(newest.dropFirst(25)) && last.nextOffset == nil)

        let mine = try await search.page(contactID: bia.id, query: "", offset: 0, limit: 1)
        #expect(mine.items.map(\.id) == [bia.items[1].id] && mine.nextOffset == 1)
    }

    @Test func aSearchPagesThroughTheModelsOwnResults() async throws {
        let store = InMemoryConversationStore()
        _ = try await Self.contact(store, phone: "+5511900000001", ["Meu gato dormindo no sofá", "Bolo de cenoura"])
        _ = try await Self.contact(store, phone: "+5511900000002", ["Gatos na janela", "Gato preto no sofá"])
        let search = CatalogueSearch(store: store)
        let model = try await search.items(contactID: nil, query: "fotos de gatos no sofá", limit: 10)
        #expect(model.count == 3)
        let first = try await search.page(contactID: nil, query: "fotos de gatos no sofá", offset: 0, limit: 2)
        let second = try await search.page(contactID: nil, query: "fotos de gatos no sofá", offset: 2, limit: 2)
        #expect(first.items + second.items == model)
        #expect(first.nextOffset == 2 && second.nextOffset == nil)
        // Words that say nothing of the photos find nothing, as for the model.
        #expect(try await search.page(contactID: nil, query: "mostre fotos", offset: 0, limit: 5).items.isEmpty)
    }

    @Test func pagesEndAtTheReach() async throws {
        let store = InMemoryConversationStore()
        _ = try await Self.contact(
            store, phone: "+5511900000001", (1...(CatalogueSearch.reach + 5)).map { "Foto \($0)" })
        let search = CatalogueSearch(store: store)
        let end = try await search.page(contactID: nil, query: "", offset: CatalogueSearch.reach - 10, limit: 10)
        #expect(end.items.count == 10 && end.nextOffset == nil)
        // A page asked past the reach is cut there, never read further.
        let cut = try await search.page(contactID: nil, query: "", offset: CatalogueSearch.reach - 3, limit: 10)
        #expect(cut.items.count == 3 && cut.nextOffset == nil)
        #expect(
            try await search.page(contactID: nil, query: "", offset: CatalogueSearch.reach, limit: 10).items.isEmpty)
    }
}
