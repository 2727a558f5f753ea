import Foundation
import TagarelaCore

/// The PostgreSQL server the PostgreSQL figures use: `TAGARELA_TEST_POSTGRES_URL`, or a throwaway cluster
/// started with the project's `scripts/postgres-for-tests` (run the benchmark from the package folder).
enum BenchPostgres {
    static func url() -> String? {
        guard let url = findURL() else { return nil }
        // The test-database helper reads the server from this variable.
        setenv("TAGARELA_TEST_POSTGRES_URL", url, 1)
        return url
    }

    private static func findURL() -> String? {
        if let url = ProcessInfo.processInfo.environment["TAGARELA_TEST_POSTGRES_URL"], !url.isEmpty { return url }
        let script = "scripts/postgres-for-tests"
        guard FileManager.default.isExecutableFile(atPath: script) else { return nil }
        // A file, not a pipe: the server the script starts must not hold our end open.
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tagarela-bench-pg-\(UUID())")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        // Spawn, not Foundation's Process: its wait for the script's exit hung here once the script had started
        // the server in the background.
        guard let pid = try? Spawn.start(URL(fileURLWithPath: script), ["start"], output: output, errors: nil) else {
            return nil
        }
        _ = Spawn.waitForExit(pid)
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        let prefix = "export TAGARELA_TEST_POSTGRES_URL="
        return text.split(separator: "\n").first { $0.hasPrefix(prefix) }.map {
            String($0.dropFirst(prefix.count)).trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        }
    }
}
