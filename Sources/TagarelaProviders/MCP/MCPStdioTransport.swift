import Foundation
import Synchronization
import TagarelaCore

#if canImport(Glibc)
    import Glibc
#endif

/// MCP's stdio transport: a local command started as a child, one JSON-RPC message per line on its stdin and its
/// stdout (https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#stdio). A thread of its own
/// reads the child's lines (a blocking read) and hands each answer to the request waiting for it, and each
/// notification to `onNotification`; when the child's stdout ends, every waiting request fails.
public final class MCPStdioTransport: MCPTransport {
    private struct State {
        var waiting: [Int: CheckedContinuation<JSONValue, any Error>] = [:]
        var closed: String?
    }

    private let child: Spawn.PipedChild
    private let state = Mutex(State())
    /// Writes of several requests must not interleave: one line at a time.
    private let writing = Mutex(())
    private let onNotification: @Sendable (String) -> Void

    /// Starts `executable` with `arguments` and exactly `environment` (secrets of Tagarela's own stay out of it).
    public init(
        executable: URL, arguments: [String], environment: [String: String], errors: URL? = nil,
        onNotification: @escaping @Sendable (String) -> Void
    ) throws {
        // Writing to a child that has ended raises SIGPIPE, which would end Tagarela: ignored, the write fails with
        // EPIPE instead. Children start with default signal handling again (Spawn resets it).
        signal(SIGPIPE, SIG_IGN)
        child = try Spawn.startPiped(executable, arguments, errors: errors, environment: environment)
        self.onNotification = onNotification
        Thread.detachNewThread { [self] in readLines() }
    }

    public func send(request: JSONValue, id: Int) async throws -> JSONValue {
        let line = request.jsonText + "\n"
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let refusal: String? = state.withLock { state in
                    if let closed = state.closed { return closed }
                    state.waiting[id] = continuation
                    return nil
                }
                if let refusal {
                    continuation.resume(throwing: MCPError.closed(refusal))
                    return
                }
                // A child that stops reading would block the write: it waits on a thread of its own.
                Thread.detachNewThread { [self] in
                    if let failure = write(line) { fail(id, MCPError.closed(failure)) }
                }
            }
        } onCancel: {
            fail(id, CancellationError())
        }
    }

    public func send(notification: JSONValue) async throws {
        let line = notification.jsonText + "\n"
        let failure: String? = await withCheckedContinuation { continuation in
            Thread.detachNewThread { [self] in continuation.resume(returning: write(line)) }
        }
        if let failure { throw MCPError.closed(failure) }
    }

    public func agreed(protocolVersion: String) {}

    /// Ends the child with SIGTERM (the transport's shutdown first closes stdin, but a child stuck in a write to us
    /// would never see that) and closes its stdin; the reading thread reaps it.
    public func close() {
        let first = state.withLock { state in
            defer { state.closed = state.closed ?? "closed" }
            return state.closed == nil
        }
        guard first else { return }
        kill(child.pid, SIGTERM)
        writing.withLock { _ in _ = Glibc.close(child.input) }
    }

    private func fail(_ id: Int, _ error: any Error) {
        state.withLock { $0.waiting.removeValue(forKey: id) }?.resume(throwing: error)
    }

    /// Writes the whole line; a description of the failure, or nil.
    private func write(_ line: String) -> String? {
        writing.withLock { _ in
            if let closed = state.withLock({ $0.closed }) { return closed }
            var bytes = Array(line.utf8)[...]
            while !bytes.isEmpty {
                let written = bytes.withUnsafeBytes { Glibc.write(child.input, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    return "cannot write to the command: \(String(cString: strerror(errno)))"
                }
                bytes = bytes.dropFirst(written)
            }
            return nil
        }
    }

    /// The reading thread: lines until the child's stdout ends, then every waiting request fails.
    private func readLines() {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var pending: [UInt8] = []
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(child.output, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            pending.append(contentsOf: buffer[..<count])
            while let end = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeSubrange(...end)
                deliver(line)
            }
        }
        Glibc.close(child.output)
        let waiting = state.withLock { state in
            state.closed = state.closed ?? "the command ended"
            defer { state.waiting = [:] }
            return state.waiting
        }
        for continuation in waiting.values { continuation.resume(throwing: MCPError.closed("the command ended")) }
        _ = Spawn.waitForExit(child.pid)
    }

    private func deliver(_ line: String) {
        // Lines that are not JSON-RPC (a server printing to stdout by mistake) are skipped.
        guard let message = JSONValue(parsing: line) else { return }
        if let id = message["id"]?.intValue, message["result"] != nil || message["error"] != nil {
            state.withLock { $0.waiting.removeValue(forKey: id) }?.resume(returning: message)
        } else if message["id"] == nil, let method = message["method"]?.stringValue {
            onNotification(method)
        }
    }
}
