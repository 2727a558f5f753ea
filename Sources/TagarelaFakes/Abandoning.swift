import Synchronization

/// `operation`'s result, or `FakeServerError.timedOut(message)` once `limit` has passed, without waiting for the
/// operation to notice: unlike `withTimeout`, whose task group waits for its child, an operation deaf to
/// cancellation cannot hold its caller. The abandoned operation is cancelled and left to end on its own.
public func abandoning<Result: Sendable>(
    after limit: Duration, _ message: String, _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    let race = FirstToFinish<Result>()
    return try await withCheckedThrowingContinuation { continuation in
        race.waiting.withLock { $0 = continuation }
        let work = Task {
            let outcome: Swift.Result<Result, any Error>
            do { outcome = .success(try await operation()) } catch { outcome = .failure(error) }
            race.finish(with: outcome)
            race.timer.withLock { $0?.cancel() }
        }
        let timer = Task {
            guard (try? await Task.sleep(for: limit)) != nil else { return }
            if race.finish(with: .failure(FakeServerError.timedOut(message))) { work.cancel() }
        }
        // The timer stops with the work (unless the work was quicker than this line: then it sleeps out, harmless).
        race.timer.withLock { $0 = timer }
    }
}

/// The continuation of `abandoning`, resumed once by whichever of the work and the timer ends first.
private final class FirstToFinish<Result: Sendable>: Sendable {
    let waiting = Mutex<CheckedContinuation<Result, any Error>?>(nil)
    /// The timer, cancelled once the work has ended.
    let timer = Mutex<Task<Void, Never>?>(nil)

    /// Resumes the caller with `outcome` unless it was resumed already; whether this call did.
    @discardableResult
    func finish(with outcome: Swift.Result<Result, any Error>) -> Bool {
        guard let continuation = waiting.withLock({ $0.take() }) else { return false }
        continuation.resume(with: outcome)
        return true
    }
}
