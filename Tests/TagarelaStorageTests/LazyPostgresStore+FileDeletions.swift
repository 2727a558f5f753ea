import Foundation
import TagarelaCore
import TagarelaPostgres

extension LazyPostgresStore {
    func dueFileDeletions(now: Date, limit: Int) async throws -> [FileDeletion] {
        try await store.dueFileDeletions(now: now, limit: limit)
    }

    func finishFileDeletion(id: Int64) async throws {
        try await store.finishFileDeletion(id: id)
    }

    func postponeFileDeletion(id: Int64, retryAt: Date) async throws {
        try await store.postponeFileDeletion(id: id, retryAt: retryAt)
    }

    func pendingFileDeletions(contactID: Int64) async throws -> Int {
        try await store.pendingFileDeletions(contactID: contactID)
    }

    func nextFileDeletionDue() async throws -> Date? {
        try await store.nextFileDeletionDue()
    }
}
