import AsyncHTTPClient
import ServiceLifecycle

/// Owns the shared HTTP client and shuts it down last, after the workers that use it have stopped.
struct HTTPClientService: Service {
    let client: HTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}
