import Crypto
import Foundation
import TagarelaCore

/// The server secret that signs dashboard sessions and forms: `ADMIN_SESSION_SECRET`, or 32 random bytes the first
/// instance stores in the database for every instance to share. Read from the database on first use (the store
/// serves only once the application runs), then kept.
actor AdminSessionKey {
    private let store: any AdminSessionStore
    private var key: SymmetricKey?

    init(configured: String?, store: any AdminSessionStore) {
        self.store = store
        key = configured.map { SymmetricKey(data: Data($0.utf8)) }
    }

    /// The key; a database that cannot be reached now is asked again on the next request.
    func current() async throws -> SymmetricKey {
        if let key { return key }
        var generator = SystemRandomNumberGenerator()
        let proposed = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let stored = SymmetricKey(data: try await store.adminSecret(proposed: proposed))
        // Another request may have read it meanwhile: both read the same stored secret.
        key = stored
        return stored
    }
}
