import Foundation
import TagarelaFakes

/// `tagarela chat` as a child process with a pipe for the keyboard and a pipe for the screen.
final class ChatProcess: @unchecked Sendable {
    let process = Process()
    let input = Pipe()
    let output = Pipe()
    private let buffer = OutputBuffer()

    init(environment: [String: String], name: String) throws {
        process.executableURL = try ServerProcess.binary
        process.arguments = ["chat", "--as", name]
        process.environment = environment.merging(["PATH": ProcessInfo.processInfo.environment["PATH"] ?? ""]) { $1 }
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let buffer = buffer
        output.fileHandleForReading.readabilityHandler = { handle in buffer.append(handle.availableData) }
        try process.run()
    }

    func type(_ line: String) throws {
        try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    /// The next `tagarela> ` line printed.
    func readReply(timeout: Duration = testPatience) async throws -> String {
        var reply: String?
        do {
            try await waitUntil(timeout: timeout) {
                reply = buffer.takeReply()
                return reply != nil
            }
        } catch FakeServerError.timedOut {
            throw ServerProcessError("no reply printed; output so far: \(buffer.text)")
        }
        return reply ?? ""
    }

    /// Ctrl-D: closes the input and waits for the exit status.
    func finish() -> Int32 {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        return process.terminationStatus
    }

    func close() {
        output.fileHandleForReading.readabilityHandler = nil
        if process.isRunning { process.terminate() }
    }
}

/// What the chat printed, consumed reply by reply.
final class OutputBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var consumed = 0

    func append(_ chunk: Data) {
        lock.withLock { data.append(chunk) }
    }

    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }

    func takeReply() -> String? {
        lock.withLock {
            let text = String(decoding: data, as: UTF8.self)
            let lines = text.components(separatedBy: "\n").filter { $0.hasPrefix("tagarela> ") }
            guard lines.count > consumed else { return nil }
            consumed += 1
            return String(lines[consumed - 1].dropFirst("tagarela> ".count))
        }
    }
}
