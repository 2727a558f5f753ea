import Logging
import TagarelaCore

/// What the composition root takes from outside besides configuration: real by default, injected by tests
/// and the benchmark (a manual clock, a quiet logger).
public struct Dependencies: Sendable {
    public var timeSource: any TimeSource
    public var logger: Logger
    /// This application's metrics registry: a new one for each application built, since tests build many in
    /// one process and the global `MetricsSystem` could be set only once.
    public var metrics: ServerMetrics
    /// Called with the port the server listens on (tests and the benchmark listen on port 0).
    public var onServerRunning: @Sendable (Int) async -> Void
    /// Tools offered besides the configured ones (the tests' own, which count their calls).
    public var extraTools: [any Tool]
    /// Shows the one-time dashboard link of a start without `ADMIN_PASSWORD`. By default it is logged at `notice`
    /// once: the link is the point of the line, and it works once, for 15 minutes, from this machine only.
    public var announceFirstRunLink: @Sendable (String) -> Void

    public init(
        timeSource: any TimeSource = SystemTimeSource(),
        logger: Logger = Logger(label: "tagarela"),
        metrics: ServerMetrics = ServerMetrics(),
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in },
        extraTools: [any Tool] = [],
        announceFirstRunLink: (@Sendable (String) -> Void)? = nil
    ) {
        self.announceFirstRunLink =
            announceFirstRunLink ?? { [logger] link in logger.notice("\(FirstRunLogin.announcement(link))") }
        self.extraTools = extraTools
        self.timeSource = timeSource
        self.logger = logger
        self.metrics = metrics
        self.onServerRunning = onServerRunning
    }
}
