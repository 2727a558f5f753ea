import Foundation
import Testing

@testable import TagarelaCore

/// Child processes started with `posix_spawn`: the environment and directory they are given, their output and
/// errors in one file in the order written, and their exit codes.
@Suite("Spawn", .timeLimit(.minutes(1)))
struct SpawnTests {
    @Test func aChildGetsExactlyItsEnvironmentAndDirectoryAndSharesOneLogFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spawn-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let pid = try Spawn.start(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", #"pwd; echo "only=$ONLY home=$HOME"; echo oops >&2; echo done; exit 3"#], output: log,
            errors: log, environment: ["ONLY": "yes"], directory: directory)
        #expect(Spawn.waitForExit(pid) == 3)
        let written = try String(contentsOf: log, encoding: .utf8)
        #expect(written == "\(directory.resolvingSymlinksInPath().path)\nonly=yes home=\noops\ndone\n")
    }

    @Test func anEndedChildIsSeenWithoutWaitingOnIt() throws {
        let pid = try Spawn.start(URL(fileURLWithPath: "/bin/sh"), ["-c", "exit 7"], output: nil, errors: nil)
        var status: Int32?
        // Polls until the child has ended (at once, in practice); the test's time limit bounds it.
        while status == nil {
            status = Spawn.exitStatusIfEnded(pid)
            if status == nil { usleep(1000) }
        }
        #expect(status == 7)
    }
}
