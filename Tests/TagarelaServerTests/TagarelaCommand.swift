import Foundation
import TagarelaCore
import TagarelaFakes

/// The real `tagarela` binary run to its end, as a person runs a command in a terminal.
enum TagarelaCommand {
    /// Runs `tagarela` with `arguments` and `environment` as its `.env` file; its exit status and everything it
    /// printed.
    static func run(_ arguments: [String], _ environment: [String: String]) async throws -> (Int32, String) {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tagarela-command-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let envFile = scratch.appendingPathComponent("test.env")
        let lines = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }
        try lines.joined(separator: "\n").write(to: envFile, atomically: true, encoding: .utf8)
        let output = scratch.appendingPathComponent("output.txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let pid = try Spawn.start(
            try ServerProcess.binary, arguments + ["--env-file", envFile.path], output: output, errors: output)
        let status = await Spawn.exit(of: pid)
        return (status, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }
}
