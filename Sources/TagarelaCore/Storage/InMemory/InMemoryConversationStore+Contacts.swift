import Foundation

extension InMemoryConversationStore {
    public func contact(id: Int64) async throws -> Contact? {
        contacts[id]?.contact
    }

    public func messages(contactID: Int64) async throws -> [StoredMessage] {
        messages.filter { $0.contactID == contactID }.map(\.message)
    }

    public func messages(contactID: Int64, window: MessageWindow) async throws -> [StoredMessage] {
        let own = messages.lazy.filter { $0.contactID == contactID }.map(\.message)
        switch window {
        case .newest(let limit, let before):
            return Array(own.filter { $0.id < before ?? .max }.suffix(max(0, limit)))
        case .after(let after, let limit):
            return Array(own.filter { $0.id > after }.prefix(max(0, limit)))
        }
    }

    public func facts(contactID: Int64) async throws -> [ContactFact] {
        facts.filter { $0.contactID == contactID }.map(\.fact)
    }

    public func setHandoff(contactID: Int64, reason: String?, at: Date) async throws -> Bool {
        setHandoff(contactID: contactID, reason: reason, now: at)
    }

    public func clearMemory(contactID: Int64) async throws -> Bool {
        guard contacts[contactID] != nil else { return false }
        contacts[contactID]?.memoryFrom = messages.last { $0.contactID == contactID }?.id ?? 0
        facts.removeAll { $0.contactID == contactID }
        forgetSummary(contactID: contactID)
        return true
    }

    public func deleteContact(contactID: Int64) async throws -> Bool {
        guard contacts[contactID] != nil else { return false }
        removeContact(contactID)
        return true
    }
}
