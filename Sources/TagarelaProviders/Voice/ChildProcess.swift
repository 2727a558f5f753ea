import Foundation
import Synchronization
import TagarelaCore

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a command-line tool (ffmpeg, ffprobe) without blocking a thread: output to files, never to pipes that
/// could fill up, and a deadline after which the tool is killed.
enum ChildProcess {
    /// How a run ended.
    struct Outcome {
        var status: Int32
        /// The end of stderr, for error messages: ffmpeg prints the reason last.
        var errorTail: String
    }

    /// Runs `executable` with `arguments`; stdout goes to `output` (or nowhere), stderr to a file in `scratch`.
    /// Throws `.conversionFailed` when `timeout` passes first (the tool is killed) and `CancellationError`
    /// when the task is cancelled (the tool is killed too).
    static func run(
        _ executable: URL, _ arguments: [String], output: URL?, scratch: URL, timeout: Duration
    ) async throws -> Outcome {
        let errorFile = scratch.appendingPathComponent("stderr.txt")
        for file in [errorFile] + (output.map { [$0] } ?? [])
        where !FileManager.default.createFile(atPath: file.path, contents: nil) {
            throw VoiceError.conversionFailed("cannot create \(file.path)")
        }
        let exit = ExitLatch()
        let pid = try Spawn.start(executable, arguments, output: output, errors: errorFile)
        // One thread waits for the child (waitpid blocks) and opens the latch; it ends with the child.
        Thread.detachNewThread { exit.open(Spawn.waitForExit(pid)) }
        let status: Int32? = await withTaskGroup(of: Int32?.self) { group in
            group.addTask { await exit.wait() }
            // Ends at the deadline, or at once when the task is cancelled; nil either way.
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            if first == nil, !exit.isOpen { kill(pid, SIGKILL) }
            group.cancelAll()
            // The exit waiter finishes too, now the tool has ended or been killed: nothing outlives the run.
            return first
        }
        try Task.checkCancellation()
        let name = executable.lastPathComponent
        guard let status else { throw VoiceError.conversionFailed("\(name) did not finish within \(timeout)") }
        let errors = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        let tail = String(errors.suffix(600)).trimmingCharacters(in: .whitespacesAndNewlines)
        return Outcome(status: status, errorTail: tail)
    }

    /// `name` as given when it holds a slash, else the first executable of that name on `PATH`.
    static func locate(_ name: String) throws -> URL {
        if name.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: name) else {
                throw VoiceError.converterUnavailable("\(name) is not an executable file")
            }
            return URL(fileURLWithPath: name)
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw VoiceError.converterUnavailable("\(name) was not found on PATH; install ffmpeg (apt-get install ffmpeg)")
    }
}

/// Opens once, when the process exits; `wait()` returns its status. A thread of its own waits for the child and
/// opens it, hence the lock.
private final class ExitLatch: Sendable {
    private struct State {
        var status: Int32?
        var waiters: [CheckedContinuation<Int32, Never>] = []
    }

    private let state = Mutex(State())

    var isOpen: Bool { state.withLock { $0.status != nil } }

    func open(_ status: Int32) {
        let waiters = state.withLock { state in
            state.status = status
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: status) }
    }

    func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let status = state.withLock { state in
                if state.status == nil { state.waiters.append(continuation) }
                return state.status
            }
            if let status { continuation.resume(returning: status) }
        }
    }
}
