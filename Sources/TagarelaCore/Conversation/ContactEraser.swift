/// Clears or deletes a contact everywhere it is kept: first at the providers that keep a copy of the
/// conversation (so a failure there leaves everything as it was, for a retry), then in the store.
public struct ContactEraser: Sendable {
    let store: any ContactStore
    let holders: [any ContactStateHolder]

    public init(store: any ContactStore, holders: [any ContactStateHolder]) {
        self.store = store
        self.holders = holders
    }

    /// Later turns start afresh: no earlier message, no fact, no provider conversation. False if unknown.
    public func clearMemory(contactID: Int64) async throws -> Bool {
        guard try await store.contact(id: contactID) != nil else { return false }
        for holder in holders { try await holder.forgetContact(contactID) }
        return try await store.clearMemory(contactID: contactID)
    }

    /// The contact and all their data are gone. False if unknown.
    public func delete(contactID: Int64) async throws -> Bool {
        guard try await store.contact(id: contactID) != nil else { return false }
        for holder in holders { try await holder.forgetContact(contactID) }
        return try await store.deleteContact(contactID: contactID)
    }
}
