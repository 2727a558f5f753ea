import Foundation

/// An item's place in the newest-first order of a catalogue: when it last changed, then its id.
public struct CataloguePosition: Sendable, Equatable {
    public var updatedAt: Date
    public var id: Int64

    public init(updatedAt: Date, id: Int64) {
        self.updatedAt = updatedAt
        self.id = id
    }

    public init(_ item: CatalogueItem) {
        self.init(updatedAt: item.updatedAt, id: item.id)
    }

    /// Whether an item at `updatedAt` with `id` comes after this position, newest first. Times are compared as the
    /// SQL stores keep them (seconds since 1970 as a double), so every store cuts a page at the same place.
    public func precedes(updatedAt: Date, id: Int64) -> Bool {
        let seconds = updatedAt.timeIntervalSince1970
        let mine = self.updatedAt.timeIntervalSince1970
        return seconds < mine || (seconds == mine && id < self.id)
    }
}

/// Where the next page of a catalogue starts, as the gallery and `GET /api/catalogue` hand it out and take it back.
public enum CatalogueCursor: Sendable, Equatable {
    /// After this item of a list.
    case after(CataloguePosition)
    /// At this place among a search's ranked matches.
    case rank(Int)

    /// `<seconds>_<id>` for a list (the seconds written exactly, so the item they name is found again to the last
    /// bit), `r<place>` for a search. Clients treat it as opaque.
    public var token: String {
        switch self {
        case .after(let position): "\(position.updatedAt.timeIntervalSince1970)_\(position.id)"
        case .rank(let place): "r\(place)"
        }
    }

    /// The cursor `token` names; nil for anything else.
    public init?(token: String) {
        if token.hasPrefix("r") {
            guard let place = Int(token.dropFirst()), place >= 0 else { return nil }
            self = .rank(place)
            return
        }
        let parts = token.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 2, let seconds = Double(parts[0]), seconds.isFinite, let id = Int64(parts[1]) else {
            return nil
        }
        self = .after(CataloguePosition(updatedAt: Date(timeIntervalSince1970: seconds), id: id))
    }

    /// Whether this cursor pages a search (else a list).
    public var isSearch: Bool {
        if case .rank = self { return true }
        return false
    }
}
