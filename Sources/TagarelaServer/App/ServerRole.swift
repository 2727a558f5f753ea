/// What one `tagarela serve` instance does: `web` takes webhooks, `worker` runs turns and sends replies,
/// `all` (the default) does both. Several instances share the work through the database.
public enum ServerRole: String, Sendable, CaseIterable {
    case all, web, worker

    var runsWorkers: Bool { self != .web }
    var takesWebhooks: Bool { self != .worker }
}
