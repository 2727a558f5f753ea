import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import TagarelaCore

#if canImport(Glibc)
    import Glibc
#endif

/// The real `tagarela` binary run as a child process (started with `Spawn`, not Foundation's `Process`, whose
/// `run()` can crash on Linux), so a test can `kill -9` it like a crash would and the benchmark can measure it from
/// outside.
public final class ServerProcess: @unchecked Sendable {
    public let pid: pid_t
    /// The exit code once the child has ended and been reaped; nil while it runs.
    private let ended = Mutex<Int32?>(nil)
    public let port: Int
    let logPath: String
    /// From launch to the first healthy `/health`.
    public private(set) var startupTime: Duration = .zero

    /// The `tagarela` binary of this build configuration: `TAGARELA_BINARY` when set (scripts/check-runtime
    /// points it at a launcher that runs the release binary in a bare Debian root), beside the running executable
    /// (the benchmark), or in the package's debug build folder (tests; `scripts/test` builds it first).
    public static var binary: URL {
        get throws {
            if let chosen = ProcessInfo.processInfo.environment["TAGARELA_BINARY"], !chosen.isEmpty {
                return URL(fileURLWithPath: chosen)
            }
            let beside = Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("tagarela")
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let candidates =
                [beside].compactMap { $0 }
                + [
                    ".build/debug/tagarela", ".build/x86_64-unknown-linux-gnu/debug/tagarela",
                    ".build/aarch64-unknown-linux-gnu/debug/tagarela",
                ].map { root.appendingPathComponent($0) }
            for url in candidates where FileManager.default.isExecutableFile(atPath: url.path) {
                return url
            }
            throw ServerProcessError("the tagarela binary is not built: run scripts/test, which builds it first")
        }
    }

    /// Starts `tagarela serve` (with `arguments` after it, e.g. `--role worker`) with exactly `environment`
    /// and waits until `/health` answers.
    public init(environment: [String: String], arguments: [String] = []) async throws {
        port = try Self.freePort()
        logPath = FileManager.default.temporaryDirectory.appendingPathComponent("tagarela-\(port).log").path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        var environment = environment
        environment["PORT"] = "\(port)"
        environment["HOST"] = "127.0.0.1"
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"]
        let launched = ContinuousClock.now
        // Output goes to a file, never to a pipe that could keep the test run waiting; the temporary directory has
        // no .env for the server to read.
        let log = URL(fileURLWithPath: logPath)
        pid = try Spawn.start(
            try Self.binary, ["serve"] + arguments, output: log, errors: log, environment: environment,
            directory: FileManager.default.temporaryDirectory)
        try await waitUntilHealthy()
        startupTime = ContinuousClock.now - launched
    }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// What a crash does: no chance to finish anything.
    public func kill9() {
        if isRunning { kill(pid, SIGKILL) }
        _ = waitForExit()
    }

    /// SIGTERM, as a deployment stops a server; returns the exit status (128 plus the signal if one ended it). A
    /// server still running `patience` later is killed (status 137) and says so on standard error: a shutdown that
    /// hangs fails the test that stopped it instead of holding the whole test run until CI gives up.
    @discardableResult
    public func terminate(patience: Duration = .seconds(30)) -> Int32 {
        if isRunning { kill(pid, SIGTERM) }
        let deadline = ContinuousClock.now + patience
        while isRunning {
            guard ContinuousClock.now < deadline else {
                FileHandle.standardError.write(
                    Data("tagarela (pid \(pid)) did not stop within \(patience) of SIGTERM: killed\n".utf8))
                kill(pid, SIGKILL)
                return waitForExit()
            }
            // A blocking wait could not give up; a short poll can (and SIGKILL always ends the child).
            usleep(10_000)
        }
        return waitForExit()
    }

    /// Whether the child still runs (it is reaped as soon as it is seen to have ended, so its id is never reused
    /// under us).
    var isRunning: Bool {
        ended.withLock { status in
            if status == nil { status = Spawn.exitStatusIfEnded(pid) }
            return status == nil
        }
    }

    /// Blocks until the child has ended (at once when `isRunning` has seen it end); its exit status.
    private func waitForExit() -> Int32 {
        ended.withLock { status in
            if let status { return status }
            let code = Spawn.waitForExit(pid)
            status = code
            return code
        }
    }

    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    private func waitUntilHealthy() async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            guard isRunning else { throw ServerProcessError("tagarela exited at start-up:\n\(log)") }
            if let response = try? await HTTPClient.shared.execute(
                HTTPClientRequest(url: baseURL + "/health"), timeout: .seconds(1)), response.status == .ok
            {
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        terminate()
        throw ServerProcessError("tagarela did not become healthy:\n\(log)")
    }

    /// A port nobody listens on right now (bind to port 0, read it, close).
    public static func freePort() throws -> Int {
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

    /// Posts a form body with its `X-Twilio-Signature`; returns the HTTP status.
    public func postWebhook(body: String, signature: String, path: String = "/webhooks/twilio") async throws -> Int {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "X-Twilio-Signature", value: signature)
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        return Int(response.status.code)
    }

    /// The most memory the process has held (`VmHWM`), in bytes; nil once it has exited.
    public var peakResidentBytes: Int? {
        guard isRunning, let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        else { return nil }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
        let kilobytes = line?.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        return kilobytes.map { $0 * 1024 }
    }
}

/// The child process failed to start or to answer.
public struct ServerProcessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
