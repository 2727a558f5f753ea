import Foundation
import TagarelaCore

/// `tagarela doctor`: every check a first run needs, composed from the settings, run side by side, each within
/// its own time limit, changing nothing.
public struct Doctor: Sendable {
    public let checks: [any DoctorCheck]

    public init(checks: [any DoctorCheck]) {
        self.checks = checks
    }

    /// Reads the settings as `tagarela serve` would (a bad one is one ✗ line, and nothing else can be checked), then runs the checks.
    public static func examine(
        environment: [String: String], dotEnvPath: String?, timeout: Duration, http: DoctorHTTP = DoctorHTTP()
    ) async -> [DoctorLine] {
        let configuration: Configuration
        do {
            configuration = try Configuration.load(environment: environment, dotEnvPath: dotEnvPath)
        } catch {
            return [
                DoctorLine(
                    name: "settings",
                    outcome: .failed(
                        "\(error)", fix: "correct \(error.setting ?? "the setting") (README › Configuration)"))
            ]
        }
        let settings = DoctorLine(
            name: "settings",
            outcome: .passed(
                configuration.warnings.isEmpty
                    ? "read" : "read; warnings: " + configuration.warnings.joined(separator: "; ")))
        let lines = await Doctor(for: configuration, environment: environment)
            .run(DoctorContext(http: http, timeout: timeout))
        return [settings] + lines
    }

    /// Runs every check at once; the lines come back in the checks' order.
    public func run(_ context: DoctorContext) async -> [DoctorLine] {
        await withTaskGroup(of: (Int, DoctorLine).self) { group in
            for (index, check) in checks.enumerated() {
                group.addTask { (index, await Self.run(check, context)) }
            }
            var lines: [(Int, DoctorLine)] = []
            for await line in group { lines.append(line) }
            return lines.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// One check within the context's time limit (and a second more for its own answer to arrive).
    static func run(_ check: any DoctorCheck, _ context: DoctorContext) async -> DoctorLine {
        let limit = context.timeout
        do {
            let outcome = try await withTimeout(
                limit + .seconds(1), orThrow: { DoctorTimeout(limit: limit) }, { try await check.run(context) })
            return DoctorLine(name: check.name, outcome: outcome)
        } catch let error as DoctorTimeout {
            return DoctorLine(
                name: check.name,
                outcome: .failed(error.description, fix: "check the address and that this machine can reach it"))
        } catch {
            return DoctorLine(
                name: check.name,
                outcome: .failed("\(error)", fix: "check the address and that this machine can reach it"))
        }
    }
}

/// A check that ran past its time limit.
struct DoctorTimeout: Error, CustomStringConvertible {
    let limit: Duration
    var description: String { "no answer within \(limit)" }
}
