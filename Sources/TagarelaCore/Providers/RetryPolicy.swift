/// How often and how patiently a call to an outside service is retried.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// The wait before the second attempt; it doubles each time.
    public var baseDelay: Duration
    /// No single wait is longer than this, even when the provider asks for more.
    public var maxDelay: Duration

    public init(maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1), honouring a provider's `Retry-After`.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration? = nil) -> Duration {
        if let retryAfter {
            return min(max(retryAfter, .zero), maxDelay)
        }
        let exponent = min(max(attempt - 1, 0), 20)
        let backoff = baseDelay * (1 << exponent)
        return min(backoff, maxDelay)
    }
}
