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

    @Test func aPipedChildReadsWhatIsWrittenAndAnswersOnItsOwnPipe() throws {
        // The child sees only its two pipes beside stderr: it counts its open descriptors, then echoes a line.
        let child = try Spawn.startPiped(
            URL(fileURLWithPath: "/bin/sh"), ["-c", "ls /proc/self/fd | wc -l; read line; echo \"got $line\""],
            errors: nil, environment: [:])
        let line = Array("hello\n".utf8)
        #expect(line.withUnsafeBytes { write(child.input, $0.baseAddress, $0.count) } == line.count)
        close(child.input)
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(child.output, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            output += buffer[..<count]
        }
        close(child.output)
        #expect(Spawn.waitForExit(child.pid) == 0)
        // 0, 1, 2, and the one `ls` opens to read the folder.
        #expect(String(decoding: output, as: UTF8.self) == "4\ngot hello\n")
    }
}
