import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

/// The release binary in a bare Debian root that holds only the Dockerfile's runtime packages, as the image's
/// non-root user: `scripts/check-runtime` makes the root and points `TAGARELA_BINARY` at a launcher that runs the
/// binary (or `--exec PROGRAM`) there, so `ServerProcess` and `TagarelaCommand` start it in the root. Skipped
/// unless `TAGARELA_RUNTIME_ROOT` names that root.
@Suite(
    "The runtime root of the container image", .serialized, .timeLimit(.minutes(5)),
    .enabled(if: RuntimeRoot.path != nil, "scripts/check-runtime runs it"))
struct RuntimeRootTests {
    @Test("Serves /health (the image's health check too), answers a Twilio message, stops cleanly on SIGTERM")
    func servesAndAnswersThroughTheFakes() async throws {
        let root = try #require(RuntimeRoot.path)
        try await TestWorld.with { world in
            await world.openAI.enqueue([.text("Olá! Em que posso ajudar?")])
            // ServerProcess returns once /health has answered 200.
            let server = try await ServerProcess(environment: world.environment())
            #expect(RuntimeRoot.rootDirectory(of: server.pid) == root, "the server runs in the root")
            #expect(RuntimeRoot.userID(of: server.pid) == 10001, "as the image's user, not root")
            #expect(try await server.postWebhook(Webhook.text("Oi")) == 200)
            let sent = try await world.twilio.waitForSent(count: 1)
            #expect(sent.map(\.to) == ["whatsapp:+5511987654321"])
            #expect(sent.map(\.body) == ["Olá! Em que posso ajudar?"])

            let (health, said) = try await RuntimeRoot.run(
                ["--exec", "/usr/local/bin/tagarela-healthcheck"], environment: ["PORT": "\(server.port)"])
            #expect(health == 0, "\(said)")
            #expect(server.terminate() == 0, "\(server.log)")
            let (unhealthy, _) = try await RuntimeRoot.run(
                ["--exec", "/usr/local/bin/tagarela-healthcheck"], environment: ["PORT": "\(server.port)"])
            #expect(unhealthy != 0, "the health check fails once nothing answers")
        }
    }

    @Test("tagarela doctor finds ffmpeg, ffprobe, pdftotext and the time zones in the root")
    func doctorFindsWhatThePackagesInstall() async throws {
        let database = "/tmp/runtime-doctor-\(UUID().uuidString).sqlite"
        let (_, printed) = try await TagarelaCommand.run(["doctor"], ["DATABASE_URL": "sqlite://\(database)"])
        let lines = printed.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("✓ time zones: ") }, "\(printed)")
        for program in ["ffmpeg", "ffprobe", "pdftotext"] {
            #expect(lines.contains { $0.hasPrefix("✓ \(program): /usr/bin/\(program) ") }, "\(printed)")
        }
    }

    @Test("tagarela knowledge add reads a PDF through the root's pdftotext")
    func knowledgeReadsAPDF() async throws {
        let scratch = "/tmp/runtime-knowledge-\(UUID().uuidString)"
        // Open to the root's user, which reads the PDF and writes the database there through the shared /tmp.
        try FileManager.default.createDirectory(
            atPath: scratch, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let pdf = "\(scratch)/cardapio.pdf"
        try Fixtures.data("knowledge/cardapio-inverno.pdf").write(to: URL(fileURLWithPath: pdf))
        let settings = ["DATABASE_URL": "sqlite://\(scratch)/knowledge.sqlite", "EMBEDDINGS_PROVIDER": "none"]
        let (status, printed) = try await TagarelaCommand.run(["knowledge", "add", pdf], settings)
        #expect(status == 0, "\(printed)")
        #expect(printed.contains("added: ") && printed.contains("cardapio.pdf"), "\(printed)")
    }
}

/// The root `scripts/check-runtime` made, and its launcher.
enum RuntimeRoot {
    static var path: String? {
        ProcessInfo.processInfo.environment["TAGARELA_RUNTIME_ROOT"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The directory a process sees as `/`.
    static func rootDirectory(of pid: pid_t) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/root")
    }

    /// A process's real user id, from `/proc/PID/status`.
    static func userID(of pid: pid_t) -> Int? {
        let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let line = status?.split(separator: "\n").first { $0.hasPrefix("Uid:") }
        return line?.split(separator: "\t").dropFirst().first.flatMap { Int($0) }
    }

    /// Runs the launcher with `arguments` and exactly `environment`; its exit status and what it printed.
    static func run(_ arguments: [String], environment: [String: String]) async throws -> (Int32, String) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("runtime-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let pid = try Spawn.start(
            try ServerProcess.binary, arguments, output: output, errors: output, environment: environment)
        let status = await Spawn.exit(of: pid)
        return (status, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }
}
