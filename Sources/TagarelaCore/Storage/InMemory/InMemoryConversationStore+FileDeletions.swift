import Foundation

extension InMemoryConversationStore {
    public func dueFileDeletions(now: Date, limit: Int) async throws -> [FileDeletion] {
        fileDeletions.filter { $0.nextAttemptAt <= now }.prefix(max(limit, 0)).map(\.deletion)
    }

    public func finishFileDeletion(id: Int64) async throws {
        fileDeletions.removeAll { $0.deletion.id == id }
    }

    public func postponeFileDeletion(id: Int64, retryAt: Date) async throws {
        guard let index = fileDeletions.firstIndex(where: { $0.deletion.id == id }) else { return }
        fileDeletions[index].deletion.attempts += 1
        fileDeletions[index].nextAttemptAt = retryAt.asStored
    }

    public func pendingFileDeletions(contactID: Int64) async throws -> Int {
        fileDeletions.filter { $0.deletion.contactID == contactID }.count
    }

    public func nextFileDeletionDue() async throws -> Date? {
        fileDeletions.map(\.nextAttemptAt).min()
    }

    /// Removes the files `shouldGo` picks, queueing those kept outside the database for deletion, as the SQL
    /// stores' `media_file_deleted` trigger does.
    func removeMedia(where shouldGo: (StoredMedia) -> Bool) {
        for (id, file) in media where shouldGo(file) {
            media[id] = nil
            guard let location = file.location else { continue }
            fileDeletions.append(
                FileDeletionRow(
                    deletion: FileDeletion(
                        id: nextID(&lastFileDeletionID), location: location, contactID: file.contactID, attempts: 0),
                    nextAttemptAt: .distantPast))
        }
    }
}
