import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import TagarelaChannels
import TagarelaFakes
import TagarelaPostgres
import Testing

@testable import TagarelaServer

/// Each of the five Python scripts' `.env` files, exactly as they document it, starts Tagarela and is answered on
/// that script's own webhook path; what cannot be mapped (a Meta app without its App Secret) stops start-up with
/// one line that names what to add.
@Suite("The older scripts' .env files", .timeLimit(.minutes(3)))
struct OldScriptEnvironmentTests {
    /// What only the test harness adds, never the user: the scripts have no base-URL settings, so the fakes' URLs
    /// go in here, a SQLite file of the test's own instead of `tagarela.sqlite` in the working directory, loopback
    /// allowed (the fakes listen there), and no debounce so the test does not wait.
    /// Only the fakes of the script's own channel and model (a base URL alone would turn a channel on).
    static func harness(_ world: TestWorld, meta: Bool = false) -> [String: String] {
        var lines = [
            "DATABASE_URL": "sqlite://\(world.databasePath)", "OUTBOUND_ALLOW_LOOPBACK": "true", "DEBOUNCE_MS": "0",
            "DEBOUNCE_MAX_WAIT_MS": "0",
        ]
        if meta {
            lines["GRAPH_API_BASE_URL"] = world.graph.baseURL
            lines["GEMINI_BASE_URL"] = world.gemini.baseURL
        } else {
            lines["TWILIO_API_BASE_URL"] = world.twilio.baseURL
            lines["OPENAI_BASE_URL"] = world.openAI.baseURL
        }
        return lines
    }

    /// Runs the real application on `script` (with the harness's lines, `script` winning) on a free port.
    static func serve(
        _ world: TestWorld, _ script: [String: String], meta: Bool = false,
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        var configuration = try Configuration.load(environment: harness(world, meta: meta).merging(script) { $1 })
        configuration.server.port = 0
        configuration.server.host = "127.0.0.1"
        var quiet = Logger(label: "test")
        quiet.logLevel = .critical
        let app = try await buildApplication(configuration, dependencies: Dependencies(logger: quiet))
        try await app.test(.live) { client in try await body(client) }
    }

    /// A Twilio text posted to `path` as Twilio would through ngrok (which the scripts' READMEs use): signed over
    /// the public https URL that the proxy names in `X-Forwarded-Proto` and `X-Forwarded-Host`.
    static func postTwilio(_ client: any TestClientProtocol, path: String) async throws -> TestResponse {
        let form = FormParametersBuilder.encode(Webhook.text("Oi"), path: path, base: "https://abc123.ngrok.app")
        let headers: HTTPFields = [
            .contentType: "application/x-www-form-urlencoded",
            HTTPField.Name("X-Twilio-Signature")!: form.signature,
            HTTPField.Name("X-Forwarded-Proto")!: "https",
            HTTPField.Name("X-Forwarded-Host")!: "abc123.ngrok.app",
        ]
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: form.body))
    }

    /// A Twilio script's `.env` answers on its path, from the number the contact wrote to.
    static func answersTwilio(_ script: [String: String], path: String, world: TestWorld) async throws {
        await world.openAI.setResponder { _ in .text("Olá!") }
        try await serve(world, script) { client in
            #expect(try await postTwilio(client, path: path).status == .ok)
            let sent = try await world.twilio.waitForSent(count: 1)
            #expect(sent[0].to == "whatsapp:+5511987654321" && sent[0].from == TestWorld.botNumber)
            #expect(sent[0].body == "Olá!")
        }
    }

    @Test("A: Assistant on WhatsApp through Twilio, POST /webhook")
    func scriptA() async throws {
        try await TestWorld.with { world in
            let script = [
                "TWILIO_ACCOUNT_SID": TestWorld.accountSID, "TWILIO_AUTH_TOKEN": TestWorld.authToken,
                "OPENAI_API_KEY": "sk-test", "OPENAI_ASSISTANT_ID": "asst_abc123", "PORT": "5000", "DEBUG": "True",
            ]
            let configuration = try Configuration.load(environment: Self.harness(world).merging(script) { $1 })
            #expect(configuration.server.port == 5000 && configuration.server.logLevel == .debug)
            #expect(configuration.warnings.contains(OpenAIConfiguration.assistantsGone))
            try await Self.answersTwilio(script, path: "/webhook", world: world)
        }
    }

    @Test("B: Endrigo Digital, POST /webhook/whatsapp")
    func scriptB() async throws {
        try await TestWorld.with { world in
            // DATABASE_URL is the script's own (a hosted PostgreSQL with sslmode=require); here it is the harness's
            // file, since the test server has no certificate: the sslmode test below covers that part.
            let script = [
                "OPENAI_API_KEY": "sk-test", "ASSISTANT_ID": "asst_abc123",
                "TWILIO_ACCOUNT_SID": TestWorld.accountSID, "TWILIO_AUTH_TOKEN": TestWorld.authToken,
                "TWILIO_PHONE_NUMBER": "+14155238886", "ELEVENLABS_API_KEY": "el-test",
                "ELEVENLABS_VOICE_ID": "SuM1a4mUYXCmWfwWYCx0",
            ]
            let configuration = try Configuration.load(environment: Self.harness(world).merging(script) { $1 })
            #expect(configuration.twilio?.from == TestWorld.botNumber)
            #expect(configuration.speech.elevenLabsVoiceID == "SuM1a4mUYXCmWfwWYCx0")
            try await Self.answersTwilio(script, path: "/webhook/whatsapp", world: world)
        }
    }

    @Test("C: WhatsApp AI Assistant on Meta, GET and POST /webhook, with one added line")
    func scriptC() async throws {
        try await TestWorld.with { world in
            var script = [
                "WHATSAPP_TOKEN": MetaHook.accessToken, "VERIFY_TOKEN": MetaHook.verifyToken,
                "PHONE_NUMBER_ID": MetaHook.phoneNumberID, "GEMINI_API_KEY": TestWorld.geminiKey,
            ]
            let error = try #require(throws: ConfigurationError.self) {
                try Configuration.load(environment: Self.harness(world, meta: true).merging(script) { $1 })
            }
            #expect(error.setting == "WHATSAPP_APP_SECRET")
            #expect(!error.description.contains("\n"))
            // The one line the error asks for.
            script["WHATSAPP_APP_SECRET"] = MetaHook.appSecret
            await world.gemini.setResponder { _ in .text("Olá!") }
            try await Self.serve(world, script, meta: true) { client in
                let challenge = try await client.execute(
                    uri: "/webhook?hub.mode=subscribe&hub.verify_token=\(MetaHook.verifyToken)&hub.challenge=4217",
                    method: .get, headers: [:], body: nil)
                #expect(challenge.status == .ok && String(buffer: challenge.body) == "4217")
                let delivery = MetaHook.delivery(messages: [MetaHook.text("Oi")])
                #expect(try await MetaHook.post(client, delivery, path: "/webhook").status == .ok)
                let sent = try await world.graph.waitForSent(count: 1)
                #expect(sent[0].to == "5511987654321")
            }
        }
    }

    @Test(
        "D: Image assistant, POST /whatsapp, its catalogue in PostgreSQL",
        .enabled(if: PostgresTestDatabase.isEnabled, Comment(rawValue: PostgresTestDatabase.skipped)))
    func scriptD() async throws {
        let database = try await PostgresTestDatabase.createDatabase(on: try PostgresTestDatabase.server())
        defer { Task { try? await PostgresTestDatabase.drop(database.database ?? "") } }
        try await TestWorld.with { world in
            var script = [
                "OPENAI_API_KEY": "sk-test", "TWILIO_ACCOUNT_SID": TestWorld.accountSID,
                "TWILIO_AUTH_TOKEN": TestWorld.authToken, "POSTGRES_DB_HOST": database.host,
                "POSTGRES_DB_PORT": "\(database.port)", "POSTGRES_DB_NAME": database.database ?? "",
                "POSTGRES_DB_USER": database.username, "POSTGRES_DB_PASSWORD": database.password ?? "",
                "AWS_ACCESS_KEY_ID": "SCWTESTKEY", "AWS_SECRET_ACCESS_KEY": "test-secret",
                // A text message never reaches the bucket: the endpoint is only read.
                "S3_ENDPOINT": "https://s3.fr-par.scw.cloud", "BUCKET_NAME": "my-images-bucket", "PREFIX": "images/",
            ]
            // The harness's SQLite file would win over the POSTGRES_DB_* variables: the script has no DATABASE_URL.
            var harness = Self.harness(world)
            harness["DATABASE_URL"] = nil
            script.merge(harness) { script, _ in script }
            let configuration = try Configuration.load(environment: script)
            guard case .postgres = configuration.database else {
                Issue.record("POSTGRES_DB_* did not select PostgreSQL: \(configuration.database)")
                return
            }
            try await Self.answersTwilio(script, path: "/whatsapp", world: world)
        }
    }

    @Test("E: ChatBot, POST /webhook")
    func scriptE() async throws {
        try await TestWorld.with { world in
            let script = [
                "OPENAI_API_KEY": "sk-test", "TWILIO_ACCOUNT_SID": TestWorld.accountSID,
                "TWILIO_AUTH_TOKEN": TestWorld.authToken,
            ]
            try await Self.answersTwilio(script, path: "/webhook", world: world)
        }
    }
}
