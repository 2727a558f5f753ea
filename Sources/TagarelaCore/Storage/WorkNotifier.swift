/// A store shared by several instances that can tell each of them when another added work (PostgreSQL's
/// LISTEN/NOTIFY), so a worker need not wait for its next poll to see a webhook another instance took.
public protocol WorkNotifier: Sendable {
    /// Listens until cancelled, calling `turns` when a message was stored and `outbox` when replies were.
    func listenForWork(turns: @escaping @Sendable () -> Void, outbox: @escaping @Sendable () -> Void) async throws
}
