import ArgumentParser
import Foundation
import TagarelaServer

/// `tagarela doctor`: checks what a first run needs, one line per check, changing nothing.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the settings, the database, the programs and every configured service, changing nothing.",
        discussion: "Prints ✓, ✗ (with the fix), ⚠ (skipped, and why) or – (not configured) per check; "
            + "exits 1 when any check fails.")

    @Option(help: "A .env file to read instead of ./.env.")
    var envFile: String?

    @Option(help: "Seconds each check may take.")
    var timeout: Int = 5

    func run() async throws {
        let lines = await Doctor.examine(
            environment: ProcessInfo.processInfo.environment,
            dotEnvPath: envFile,
            timeout: .seconds(max(1, timeout)))
        for line in lines {
            FileHandle.standardOutput.write(Data("\(line)\n".utf8))
        }
        if lines.contains(where: \.outcome.isFailure) { throw ExitCode(1) }
    }
}
