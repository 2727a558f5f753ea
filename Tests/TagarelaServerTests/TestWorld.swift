import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import TagarelaChannels
import TagarelaCore
import TagarelaFakes
import TagarelaSQLite
import TagarelaServer
import Testing

/// A running world for end-to-end tests: strict fake Twilio, Graph API (Meta) and OpenAI servers, a fresh
/// SQLite file, and the configuration that points the real server at them. Both channels are on.
struct TestWorld: Sendable {
    static let accountSID = "AC0123456789abcdef0123456789abcdef"
    static let authToken = "twilio-test-auth-token"
    static let publicURL = "https://bot.example.com"
    static let adminToken = "admin-token-0123456789"
    static let botNumber = "whatsapp:+14155238886"
    static let geminiKey = "gemini-test-key"

    let twilio: FakeTwilio
    let graph: FakeGraphAPI
    let openAI: FakeOpenAI
    let gemini: FakeGemini
    let databasePath: String

    /// Starts the fakes, runs `body`, and stops them whatever happens.
    static func with<T: Sendable>(_ body: (TestWorld) async throws -> T) async throws -> T {
        let twilio = try await FakeTwilio.start(accountSID: accountSID, authToken: authToken)
        let graph = try await FakeGraphAPI.start(
            accessToken: MetaHook.accessToken, phoneNumberID: MetaHook.phoneNumberID)
        let openAI = try await FakeOpenAI.start(apiKey: "sk-test")
        let gemini = try await FakeGemini.start(apiKey: geminiKey)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tagarela-\(UUID().uuidString).sqlite")
            .path
        let world = TestWorld(twilio: twilio, graph: graph, openAI: openAI, gemini: gemini, databasePath: path)
        do {
            let result = try await body(world)
            await world.stop()
            return result
        } catch {
            await world.stop()
            throw error
        }
    }

    private func stop() async {
        await twilio.stop()
        await graph.stop()
        await openAI.stop()
        await gemini.stop()
    }

    /// The environment a user would write, pointed at the fakes.
    func environment(_ overrides: [String: String] = [:]) -> [String: String] {
        var environment = [
            "PUBLIC_URL": Self.publicURL,
            "DATABASE_URL": "sqlite://\(databasePath)",
            "TWILIO_ACCOUNT_SID": Self.accountSID,
            "TWILIO_AUTH_TOKEN": Self.authToken,
            "TWILIO_WHATSAPP_FROM": Self.botNumber,
            "TWILIO_API_BASE_URL": twilio.baseURL,
            "WHATSAPP_TOKEN": MetaHook.accessToken,
            "WHATSAPP_PHONE_NUMBER_ID": MetaHook.phoneNumberID,
            "WHATSAPP_VERIFY_TOKEN": MetaHook.verifyToken,
            "WHATSAPP_APP_SECRET": MetaHook.appSecret,
            "GRAPH_API_BASE_URL": graph.baseURL,
            "OPENAI_API_KEY": "sk-test",
            "OPENAI_BASE_URL": openAI.baseURL,
            "OPENAI_MODEL": "test-model",
            "GEMINI_API_KEY": Self.geminiKey,
            "GEMINI_BASE_URL": gemini.baseURL,
            "GEMINI_MODEL": "gemini-test",
            "SYSTEM_PROMPT": "Você é o assistente de testes.",
            "DEBOUNCE_MS": "0",
            "OUTBOUND_ALLOW_LOOPBACK": "true",
            "DEBOUNCE_MAX_WAIT_MS": "0",
            "ADMIN_TOKEN": Self.adminToken,
            "INSTANCE_ID": "test-instance",
        ]
        environment.merge(overrides) { $1 }
        return environment
    }

    func configuration(_ overrides: [String: String] = [:]) throws -> Configuration {
        var configuration = try Configuration.load(environment: environment(overrides))
        configuration.server.port = 0
        configuration.server.host = "127.0.0.1"
        return configuration
    }

    /// Runs the real application on a free port and hands `body` a client for it; quiet unless given a logger.
    /// The `.live` client sends everything on one connection, which the server answers in order; `.ahc()` opens
    /// a connection per request in flight, for requests that must reach the server at the same time. `tools` are
    /// offered besides the configured ones.
    func withServer<T: Sendable>(
        _ overrides: [String: String] = [:], timeSource: any TimeSource = SystemTimeSource(), logger: Logger? = nil,
        testing: TestingSetup = .live, tools: [any Tool] = [],
        _ body: @Sendable (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        var quiet = Logger(label: "test")
        quiet.logLevel = .critical
        let app = try await buildApplication(
            try configuration(overrides),
            dependencies: Dependencies(timeSource: timeSource, logger: logger ?? quiet, extraTools: tools))
        return try await app.test(testing) { client in try await body(client) }
    }
}

/// Builders of Twilio webhooks signed the way Twilio signs them.
enum Webhook {
    static func text(
        _ body: String, from: String = "whatsapp:+5511987654321", sid: String = newSid(), extra: [(String, String)] = []
    ) -> [(String, String)] {
        [
            ("SmsMessageSid", sid), ("NumMedia", "0"), ("ProfileName", "Ana"), ("SmsSid", sid),
            ("SmsStatus", "received"), ("Body", body), ("To", TestWorld.botNumber), ("NumSegments", "1"),
            ("MessageSid", sid), ("AccountSid", TestWorld.accountSID), ("From", from), ("ApiVersion", "2010-04-01"),
        ] + extra
    }

    static func newSid() -> String {
        "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    /// Posts a form to `path`, signed for the public URL (or with `signature` when given).
    @discardableResult
    static func post(
        _ client: any TestClientProtocol, _ params: [(String, String)], path: String = "/webhooks/twilio",
        signature: String? = nil
    ) async throws -> TestResponse {
        let form = FormParametersBuilder.encode(params, path: path)
        return try await postRaw(client, form.body, path: path, signature: signature ?? form.signature)
    }

    static func postRaw(
        _ client: any TestClientProtocol, _ body: String, path: String = "/webhooks/twilio", signature: String?
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let signature { headers[HTTPField.Name("X-Twilio-Signature")!] = signature }
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }
}

extension TestClientProtocol {
    /// `/stats` as JSON.
    func stats() async throws -> [String: Any] {
        let response = try await execute(
            uri: "/stats", method: .get, headers: [.authorization: "Bearer \(TestWorld.adminToken)"], body: nil)
        let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
        return try #require(object as? [String: Any])
    }
}

extension TestWorld {
    /// The ids of the contacts stored so far, read through a second connection to the server's database.
    func contactIDs(_ store: ConversationSQLiteStore) async throws -> [Int64] {
        var ids: [Int64] = []
        for id in Int64(1)...20 where try await store.contact(id: id) != nil { ids.append(id) }
        return ids
    }

    /// Waits until the server has recorded the send its provider answered with `providerMessageID`: a status
    /// webhook for a message the server does not know yet is only logged.
    func waitUntilRecorded(_ providerMessageID: String) async throws {
        let store = try ConversationSQLiteStore(path: databasePath)
        try await waitUntil("the send \(providerMessageID) recorded") {
            for id in try await contactIDs(store) {
                let messages = try await store.messages(contactID: id)
                if messages.contains(where: { $0.providerMessageID == providerMessageID }) { return true }
            }
            return false
        }
    }
}

extension TestClientProtocol {
    /// Waits until nothing is left to do: no turn due or running and no send waiting (`/stats`'s queue). Tests
    /// wait for this before asserting that nothing more happened, instead of sleeping and hoping.
    func settled() async throws {
        try await waitUntil("the queue drained") {
            let queue = try await stats()["queue"] as? [String: Any]
            return queue?["pendingTurns"] as? Int == 0 && queue?["pendingOutbound"] as? Int == 0
        }
    }
}
