import Foundation

extension InMemoryConversationStore {
    public func adminSecret(proposed: [UInt8]) async throws -> [UInt8] {
        // Whoever stored first wins, and everyone reads it.
        if adminSecret == nil { adminSecret = proposed }
        return adminSecret ?? proposed
    }

    public func recordAdminSession(id: String, expiresAt: Date, purgingBefore: Date) async throws {
        adminSessions = adminSessions.filter { $0.value >= purgingBefore }
        adminSessions[id] = expiresAt.asStored
    }

    public func adminSessionIsLive(id: String, now: Date) async throws -> Bool {
        adminSessions[id].map { $0 > now } ?? false
    }

    public func revokeAdminSession(id: String) async throws {
        adminSessions[id] = nil
    }

    public func revokeAllAdminSessions() async throws {
        adminSessions = [:]
    }
}
