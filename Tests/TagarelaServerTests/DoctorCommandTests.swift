import Foundation
import TagarelaFakes
import Testing

/// `tagarela doctor` run as the real binary: its lines and its exit status.
@Suite("tagarela doctor: the binary", .timeLimit(.minutes(2)))
struct DoctorCommandTests {
    @Test("Working settings print ✓ lines and exit 0; a wrong key prints the ✗ line with its fix and exits 1")
    func exitStatus() async throws {
        try await FakeOpenAI.start(apiKey: "sk-good").whileRunning { openAI in
            let database = FileManager.default.temporaryDirectory.appendingPathComponent(
                "doctor-\(UUID().uuidString).sqlite")
            defer { try? FileManager.default.removeItem(at: database) }
            var settings = [
                "OPENAI_API_KEY": "sk-good", "OPENAI_BASE_URL": openAI.baseURL,
                "DATABASE_URL": "sqlite://\(database.path)",
            ]
            let (status, printed) = try await TagarelaCommand.run(["doctor", "--timeout", "30"], settings)
            #expect(status == 0, "\(printed)")
            let lines = printed.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("✓ settings: read") == true)
            #expect(lines.contains { $0.hasPrefix("✓ database: SQLite \(database.path) will be created") })
            #expect(lines.contains { $0.hasPrefix("✓ model (OpenAI): ") })
            #expect(lines.contains("– Twilio: not configured (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN turn it on)"))
            #expect(lines.contains("⚠ PUBLIC_URL: skipped, PUBLIC_URL is unset"))
            #expect(!FileManager.default.fileExists(atPath: database.path), "the doctor changes nothing")

            settings["OPENAI_API_KEY"] = "sk-wrong"
            let (refused, said) = try await TagarelaCommand.run(["doctor"], settings)
            #expect(refused == 1, "\(said)")
            #expect(said.contains("✗ model (OpenAI): HTTP 401") && said.contains("Fix: check OPENAI_API_KEY"))
            #expect(!said.contains("sk-wrong"))
        }
    }
}
