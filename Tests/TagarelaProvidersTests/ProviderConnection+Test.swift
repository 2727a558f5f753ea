import AsyncHTTPClient
import Logging
import TagarelaCore
import TagarelaFakes

@testable import TagarelaProviders

extension ProviderConnection {
    /// A connection to a fake: the shared client, a silent logger named `label`, and a clock that never sleeps.
    static func test(
        _ baseURL: String, apiKey: String?, model: String, timeout: Duration, maxAttempts: Int,
        maxOutputTokens: Int?, temperature: Double?, clock: ImmediateTimeSource, label: String
    ) -> ProviderConnection {
        var logger = Logger(label: label)
        logger.logLevel = .critical
        return ProviderConnection(
            httpClient: .shared, baseURL: baseURL, apiKey: apiKey, model: model, timeout: timeout,
            retryPolicy: RetryPolicy(maxAttempts: maxAttempts), maxOutputTokens: maxOutputTokens,
            temperature: temperature, timeSource: clock, logger: logger)
    }
}
