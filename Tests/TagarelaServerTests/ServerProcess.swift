import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real `tagarela` binary run as a child process, so a test can `kill -9` it like a crash would.
final class ServerProcess: @unchecked Sendable {
    let process: Process
    let port: Int
    let logPath: String

    /// The binary `scripts/test` builds before the tests.
    static var binary: URL {
        get throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let candidates = [
                ".build/debug/tagarela", ".build/x86_64-unknown-linux-gnu/debug/tagarela",
                ".build/aarch64-unknown-linux-gnu/debug/tagarela",
            ]
            for candidate in candidates {
                let url = root.appendingPathComponent(candidate)
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
            throw ServerProcessError("the tagarela binary is not built: run scripts/test, which builds it first")
        }
    }

    /// Starts `tagarela serve` with exactly `environment` and waits until `/health` answers.
    init(environment: [String: String]) async throws {
        port = try Self.freePort()
        logPath = FileManager.default.temporaryDirectory.appendingPathComponent("tagarela-\(port).log").path
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process = Process()
        process.executableURL = try Self.binary
        process.arguments = ["serve"]
        var environment = environment
        environment["PORT"] = "\(port)"
        environment["HOST"] = "127.0.0.1"
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"]
        process.environment = environment
        // Output goes to a file, never to a pipe that could keep the test run waiting.
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        try process.run()
        try await waitUntilHealthy()
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// What a crash does: no chance to finish anything.
    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, as a deployment stops a server; returns the exit status.
    @discardableResult
    func terminate() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    private func waitUntilHealthy() async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw ServerProcessError("tagarela exited at start-up:\n\(log)") }
            if let response = try? await HTTPClient.shared.execute(
                HTTPClientRequest(url: baseURL + "/health"), timeout: .seconds(1)), response.status == .ok
            {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        terminate()
        throw ServerProcessError("tagarela did not become healthy:\n\(log)")
    }

    /// A port nobody listens on right now (bind to port 0, read it, close).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerProcessError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw ServerProcessError("bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Posts a signed Twilio form to the process.
    func postWebhook(_ params: [(String, String)]) async throws -> Int {
        let form = FormParametersBuilder.encode(params)
        var request = HTTPClientRequest(url: baseURL + "/webhooks/twilio")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "X-Twilio-Signature", value: form.signature)
        request.body = .bytes(ByteBuffer(string: form.body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        return Int(response.status.code)
    }
}

struct ServerProcessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
