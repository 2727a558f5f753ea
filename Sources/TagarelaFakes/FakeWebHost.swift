import Foundation
import Hummingbird
import NIOCore

/// An arbitrary web host, for the outbound-fetch policy's tests: `GET /file` answers a few bytes, `GET /chunked`
/// the same bytes three times without stating their length, `GET /redirect?to=URL` answers `302 Location: URL`,
/// each of `files` answers its bytes at its path (a public bucket's images, say), anything else 404, and every
/// request is recorded.
public final class FakeWebHost: Sendable, RunningFake {
    public static let file: [UInt8] = Array("a file from the fake web host".utf8)

    private let server: FakeServer
    private let state: State

    private actor State {
        var paths: [String] = []
        func record(_ path: String) { paths.append(path) }
    }

    public static func start(files: [String: [UInt8]] = [:]) async throws -> FakeWebHost {
        let state = State()
        let server = try await FakeServer.start(name: "FakeWebHost") { request, _ in
            await state.record(request.uri.path)
            if let bytes = files[request.uri.path] {
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
            }
            switch request.uri.path {
            case "/file":
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: Self.file)))
            case "/chunked":
                // Written piece by piece, so no length is stated.
                return Response(
                    status: .ok,
                    body: .init { writer in
                        for _ in 0..<3 { try await writer.write(ByteBuffer(bytes: Self.file)) }
                        try await writer.finish(nil)
                    })
            case "/redirect":
                guard let target = request.uri.queryParameters.get("to") else { return Response(status: .badRequest) }
                return Response(status: .found, headers: [.location: target])
            default:
                return Response(status: .notFound)
            }
        }
        return FakeWebHost(server: server, state: state)
    }

    private init(server: FakeServer, state: State) {
        self.server = server
        self.state = state
    }

    /// `http://127.0.0.1:port`.
    public var baseURL: String { "http://127.0.0.1:\(server.port)" }

    /// The paths requested so far, in order.
    public func requestedPaths() async -> [String] { await state.paths }

    public func stop() async { await server.stop() }
}
