import Foundation
import NIOCore
import NIOPosix
import TagarelaChannels
import TagarelaCore
import Testing

#if os(Linux)
    extension TwilioSenderTests {
        /// AHC reports this case and a hang after sending with the same `deadlineExceeded`: only the sender's
        /// own record of what was written tells them apart.
        @Test("a connection that never completes is retryable, not unknown")
        func connectNeverCompletes() async throws {
            let listener = try await FullListener.start()
            let outcome = await sender(listener.baseURL, timeout: .milliseconds(300)).send(envelope())
            try await listener.stop()
            guard case .retryable(let reason, retryAfter: nil) = outcome else {
                Issue.record("expected retryable, got \(outcome)")
                return
            }
            #expect(reason.contains("not sent") && reason.contains("deadlineExceeded"))
        }
    }

    /// A listening socket that never accepts, with its accept queue filled: Linux then drops new SYNs, so a
    /// connect neither succeeds nor fails until the client gives up.
    struct FullListener {
        let server: any Channel
        let fillers: [any Channel]

        var baseURL: String { "http://127.0.0.1:\(server.localAddress?.port ?? 0)" }

        static func start() async throws -> FullListener {
            let group = MultiThreadedEventLoopGroup.singleton
            let server = try await ServerBootstrap(group: group)
                .serverChannelOption(ChannelOptions.backlog, value: 0)
                .serverChannelOption(ChannelOptions.autoRead, value: false)
                .bind(host: "127.0.0.1", port: 0)
                .get()
            let port = server.localAddress?.port ?? 0
            var fillers: [any Channel] = []
            // Linux queues backlog + 1 connections; fill them (the later tries time out, which is the point).
            for _ in 0..<3 {
                let filler = try? await ClientBootstrap(group: group)
                    .connectTimeout(.milliseconds(100))
                    .connect(host: "127.0.0.1", port: port)
                    .get()
                if let filler { fillers.append(filler) }
            }
            return FullListener(server: server, fillers: fillers)
        }

        func stop() async throws {
            for filler in fillers { try? await filler.close() }
            try await server.close()
        }
    }
#endif
