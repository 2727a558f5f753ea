/// A fake server a test starts, uses and stops.
public protocol RunningFake: Sendable {
    func stop() async
}

extension RunningFake {
    /// Runs `body` with this fake and stops it afterwards, whether `body` returns or throws.
    public func whileRunning<Result>(_ body: (Self) async throws -> Result) async throws -> Result {
        do {
            let result = try await body(self)
            await stop()
            return result
        } catch {
            await stop()
            throw error
        }
    }
}

extension FakeTwilio: RunningFake {}
extension FakeGraphAPI: RunningFake {}
extension FakeOpenAI: RunningFake {}
extension FakeGemini: RunningFake {}
