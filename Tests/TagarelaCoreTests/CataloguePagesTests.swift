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

        let first = try await search.page(contactID: nil, query: "", cursor: nil, limit: 25)
        let newest = (ana.items + bia.items).reversed().map(\.id)
        #expect(first.items.map(\.id) == Array(newest.prefix(25)))
        let next = try #require(first.next)
        #expect(next == .after(CataloguePosition(first.items[24])) && !next.isSearch)
        let last = try await search.page(contactID: nil, query: " ", cursor: next, limit: 25)
        #expect(last.items.map(\.id) == Array(newest.dropFirst(25)) && last.next == nil)

        let mine = try await search.page(contactID: bia.id, query: "", cursor: nil, limit: 1)
        #expect(mine.items.map(\.id) == [bia.items[1].id] && mine.next != nil)
    }

    @Test func aListPagesThroughMoreThanAThousandItemsEachOnce() async throws {
        let store = InMemoryConversationStore()
        let ana = try await Self.contact(store, phone: "+5511900000001", (1...1030).map { "Foto \($0)" })
        let search = CatalogueSearch(store: store)
        var seen: [Int64] = []
        var cursor: CatalogueCursor?
        var pages = 0
        repeat {
            let page = try await search.page(contactID: nil, query: "", cursor: cursor, limit: 100)
            seen += page.items.map(\.id)
            // The cursor travels as the API's token.
            cursor = page.next.flatMap { CatalogueCursor(token: $0.token) }
            pages += 1
        } while cursor != nil
        #expect(pages == 11)
        #expect(seen == ana.items.reversed().map(\.id))
    }

    @Test func aSearchPagesThroughTheModelsOwnResults() async throws {
        let store = InMemoryConversationStore()
        _ = try await Self.contact(store, phone: "+5511900000001", ["Meu gato dormindo no sofá", "Bolo de cenoura"])
        _ = try await Self.contact(store, phone: "+5511900000002", ["Gatos na janela", "Gato preto no sofá"])
        let search = CatalogueSearch(store: store)
        let query = "fotos de gatos no sofá"
        let model = try await search.items(contactID: nil, query: query, limit: 10)
        #expect(model.count == 3)
        let first = try await search.page(contactID: nil, query: query, cursor: nil, limit: 2)
        #expect(first.next == .rank(2) && first.next?.isSearch == true)
        let second = try await search.page(contactID: nil, query: query, cursor: first.next, limit: 2)
        #expect(first.items + second.items == model)
        #expect(second.next == nil)
        // Words that say nothing of the photos find nothing, as for the model.
        #expect(try await search.page(contactID: nil, query: "mostre fotos", cursor: nil, limit: 5).items.isEmpty)
    }

    @Test func cursorsReadBackFromTheirTokensAndNothingElseDoes() {
        let position = CataloguePosition(updatedAt: Date(timeIntervalSince1970: 1_800_000_000.123_456_7), id: 42)
        for cursor in [CatalogueCursor.after(position), .rank(0), .rank(75)] {
            #expect(CatalogueCursor(token: cursor.token) == cursor)
        }
        for token in ["", "r", "r-1", "rx", "12_", "_3", "1_2_3", "nan_1", "inf_1", "1.5_x", "abc"] {
            #expect(CatalogueCursor(token: token) == nil, "\(token)")
        }
    }
}
