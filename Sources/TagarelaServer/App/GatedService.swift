import ServiceLifecycle
import TagarelaCore

/// Runs `service` once `gate` opens; a shutdown before that ends it without running it.
struct GatedService: Service {
    let gate: StartGate
    let service: any Service

    func run() async throws {
        await cancelWhenGracefulShutdown { await gate.wait() }
        guard gate.isOpen, !Task.isShuttingDownGracefully else { return }
        try await service.run()
    }
}
