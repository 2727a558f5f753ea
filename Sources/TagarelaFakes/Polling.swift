/// How long tests wait for an event before they give up. Waits end as soon as the event happens, so this is only
/// what a failing test costs; it is generous because the whole suite runs in parallel on two cores.
public let testPatience: Duration = .seconds(30)

/// Polls `condition` (real time) until it holds; throws `FakeServerError.timedOut` if it never does within
/// `timeout`. The one way the tests wait for the code under test: a turn recorded, a send finished, a queue drained.
public func waitUntil(
    _ what: String = "the condition", timeout: Duration = testPatience, _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while true {
        if try await condition() { return }
        guard ContinuousClock.now < deadline else { throw FakeServerError.timedOut(what) }
        try await Task.sleep(for: .milliseconds(10))
    }
}
