import Foundation

/// Where the dashboard keeps the secret that signs its sessions and the sessions still live, in the database so
/// that every instance behind a load balancer shares them.
public protocol AdminSessionStore: Sendable {
    /// The stored secret; `proposed` becomes it when none is stored yet. Instances racing to create it all get
    /// the one that was stored first.
    func adminSecret(proposed: [UInt8]) async throws -> [UInt8]

    /// Records a new session until `expiresAt`, and deletes the sessions that expired before `purgingBefore`.
    func recordAdminSession(id: String, expiresAt: Date, purgingBefore: Date) async throws

    /// Whether the session is recorded and has not expired at `now`.
    func adminSessionIsLive(id: String, now: Date) async throws -> Bool

    /// Ends one session (logout); an unknown id is no error.
    func revokeAdminSession(id: String) async throws

    /// Ends every session ("log out every session").
    func revokeAllAdminSessions() async throws
}
