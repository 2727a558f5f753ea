import Foundation
import TagarelaFakes

/// The fakes the measured server talks to, and the environment that points it at them.
struct BenchWorld {
    static let accountSID = "AC0123456789abcdef0123456789abcdef"
    static let authToken = "bench-auth-token"
    static let publicURL = "https://bench.example.com"
    static let adminToken = "bench-admin-token-0123456789"
    static let phoneNumberID = "106540352242922"
    static let appSecret = "bench-meta-app-secret"

    /// Turns Meta's channel on; its Graph API is never called by the phases that use it (turns are deferred).
    static let metaEnvironment = [
        "WHATSAPP_TOKEN": "EAAG-bench", "WHATSAPP_PHONE_NUMBER_ID": phoneNumberID,
        "WHATSAPP_VERIFY_TOKEN": "bench-verify", "WHATSAPP_APP_SECRET": appSecret,
        "GRAPH_API_BASE_URL": "http://127.0.0.1:9/v23.0",
    ]

    let twilio: FakeTwilio
    let openAI: FakeOpenAI
    let directory: URL

    static func start() async throws -> BenchWorld {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tagarela-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return BenchWorld(
            twilio: try await FakeTwilio.start(accountSID: accountSID, authToken: authToken),
            openAI: try await FakeOpenAI.start(apiKey: "sk-bench"),
            directory: directory)
    }

    func stop() async {
        await twilio.stop()
        await openAI.stop()
        // TAGARELA_BENCH_KEEP=1 keeps the databases, to read the per-stage times stored in them.
        if ProcessInfo.processInfo.environment["TAGARELA_BENCH_KEEP"] == nil {
            try? FileManager.default.removeItem(at: directory)
        } else {
            print("databases kept in \(directory.path)")
        }
    }

    /// A server configuration on a fresh database file of its own.
    func environment(_ name: String, _ overrides: [String: String] = [:]) -> [String: String] {
        var environment = [
            "PUBLIC_URL": Self.publicURL,
            "DATABASE_URL": "sqlite://\(directory.appendingPathComponent("\(name).sqlite").path)",
            "TWILIO_ACCOUNT_SID": Self.accountSID,
            "TWILIO_AUTH_TOKEN": Self.authToken,
            "TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886",
            "TWILIO_API_BASE_URL": twilio.baseURL,
            "TWILIO_STATUS_CALLBACKS": "false",
            "OPENAI_API_KEY": "sk-bench",
            "OPENAI_BASE_URL": openAI.baseURL,
            "OPENAI_MODEL": "bench-model",
            "ADMIN_TOKEN": Self.adminToken,
            "LOG_LEVEL": "error",
            "RATE_LIMIT_MESSAGES": "0",
            "DEBOUNCE_MS": "0",
            "OUTBOUND_ALLOW_LOOPBACK": "true",
            "DEBOUNCE_MAX_WAIT_MS": "0",
        ]
        environment.merge(overrides) { $1 }
        // `TAGARELA_BENCH_SERVER_ENV="LLM_TOOLS=none,MAX_CONCURRENT_TURNS=64"`: settings to compare a change against.
        for pair in (ProcessInfo.processInfo.environment["TAGARELA_BENCH_SERVER_ENV"] ?? "").split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { environment[parts[0]] = parts[1] }
        }
        return environment
    }
}
