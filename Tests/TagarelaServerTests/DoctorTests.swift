import Foundation
import TagarelaCore
import TagarelaFakes
import TagarelaServer
import Testing

/// `tagarela doctor`'s checks against the fakes: each in success and failure, and what each sent.
@Suite("tagarela doctor: the checks against the fakes", .timeLimit(.minutes(2)))
struct DoctorTests {
    static let sid = "AC" + String(repeating: "a1", count: 16)
    static let token = "twilio-auth-token-0123456789abcdef"

    /// The doctor's lines for `environment` (with this process's PATH), by check name.
    static func examine(_ environment: [String: String]) async -> [String: DoctorLine] {
        var environment = environment
        environment["PATH"] = environment["PATH"] ?? ProcessInfo.processInfo.environment["PATH"]
        environment["DATABASE_URL"] = environment["DATABASE_URL"] ?? "sqlite::memory:"
        let lines = await Doctor.examine(environment: environment, dotEnvPath: nil, timeout: testPatience)
        return Dictionary(lines.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    @Test("Twilio: the Account and the sender's IncomingPhoneNumbers are read; a wrong token is 20003, never shown")
    func twilio() async throws {
        try await FakeTwilio.start(accountSID: Self.sid, authToken: Self.token).whileRunning { twilio in
            await twilio.own(number: "+15550104477")
            var settings = [
                "TWILIO_ACCOUNT_SID": Self.sid, "TWILIO_AUTH_TOKEN": Self.token,
                "TWILIO_WHATSAPP_FROM": "whatsapp:+15550104477", "TWILIO_API_BASE_URL": twilio.baseURL,
                "PUBLIC_URL": "https://bot.example.com",
            ]
            let good = await Self.examine(settings)
            #expect(good["Twilio account"]?.outcome.mark == "✓", "\(String(describing: good["Twilio account"]))")
            #expect(good["Twilio sender"]?.outcome.mark == "✓", "\(String(describing: good["Twilio sender"]))")
            let reads = await twilio.reads()
            #expect(
                Set(reads.map(\.path)) == [
                    "/2010-04-01/Accounts/\(Self.sid).json",
                    "/2010-04-01/Accounts/\(Self.sid)/IncomingPhoneNumbers.json",
                ])
            #expect(reads.contains { $0.query == "PhoneNumber=%2B15550104477" })
            let basic = "Basic " + Data("\(Self.sid):\(Self.token)".utf8).base64EncodedString()
            #expect(reads.allSatisfy { $0.authorization == basic })
            #expect(await twilio.sent().isEmpty)

            settings["TWILIO_AUTH_TOKEN"] = "wrong-token-0123456789abcdef0123"
            let bad = await Self.examine(settings)
            let line = try #require(bad["Twilio account"])
            #expect(line.outcome.isFailure)
            #expect(line.description.contains("Authenticate") && line.description.contains("20003"))
            #expect(
                !bad.values.contains { $0.description.contains(Self.token) || $0.description.contains("wrong-token") })
        }
    }

    @Test("Meta: the phone number node is read with its fields; a wrong token is OAuthException 190")
    func meta() async throws {
        try await FakeGraphAPI.start(accessToken: "EAAG-good", phoneNumberID: "106540352242922").whileRunning {
            graph in
            var settings = [
                "WHATSAPP_TOKEN": "EAAG-good", "WHATSAPP_PHONE_NUMBER_ID": "106540352242922",
                "WHATSAPP_VERIFY_TOKEN": "verify", "WHATSAPP_APP_SECRET": "app-secret",
                "GRAPH_API_BASE_URL": graph.baseURL,
            ]
            let good = await Self.examine(settings)
            let line = try #require(good["Meta phone number"])
            #expect(line.outcome.mark == "✓" && line.description.contains(FakeGraphAPI.verifiedName), "\(line)")
            #expect(good["Meta webhook subscription"]?.outcome.mark == "⚠")
            #expect(
                await graph.nodeReads() == ["/v23.0/106540352242922?fields=display_phone_number,verified_name"])
            settings["WHATSAPP_TOKEN"] = "EAAG-expired"
            let bad = try #require(await Self.examine(settings)["Meta phone number"])
            #expect(
                bad.outcome.isFailure && bad.description.contains("190") && bad.description.contains("WHATSAPP_TOKEN"))
            #expect(!bad.description.contains("EAAG"))
        }
    }

    @Test(
        "Meta: the business account's subscribed apps are listed; none subscribed, a wrong account and a wrong token are ✗"
    )
    func metaSubscription() async throws {
        try await FakeGraphAPI.start(accessToken: "EAAG-good", phoneNumberID: "106540352242922").whileRunning {
            graph in
            var settings = [
                "WHATSAPP_TOKEN": "EAAG-good", "WHATSAPP_PHONE_NUMBER_ID": "106540352242922",
                "WHATSAPP_VERIFY_TOKEN": "verify", "WHATSAPP_APP_SECRET": "app-secret",
                "GRAPH_API_BASE_URL": graph.baseURL, "WHATSAPP_BUSINESS_ACCOUNT_ID": FakeGraphAPI.businessAccountID,
            ]
            let good = try #require(await Self.examine(settings)["Meta webhook subscription"])
            #expect(good.outcome.mark == "✓" && good.description.contains("Tagarela Test App"), "\(good)")
            await graph.setSubscribedApps([])
            let none = try #require(await Self.examine(settings)["Meta webhook subscription"])
            #expect(none.outcome.isFailure && none.description.contains("subscribed_apps"), "\(none)")
            settings["WHATSAPP_BUSINESS_ACCOUNT_ID"] = "999"
            let wrongAccount = try #require(await Self.examine(settings)["Meta webhook subscription"])
            #expect(wrongAccount.outcome.isFailure && wrongAccount.description.contains("WHATSAPP_BUSINESS_ACCOUNT_ID"))
            settings["WHATSAPP_BUSINESS_ACCOUNT_ID"] = FakeGraphAPI.businessAccountID
            settings["WHATSAPP_TOKEN"] = "EAAG-expired"
            let badToken = try #require(await Self.examine(settings)["Meta webhook subscription"])
            #expect(
                badToken.outcome.isFailure && badToken.description.contains("190")
                    && !badToken.description.contains("EAAG"))
        }
    }

    @Test(
        "OpenAI-compatible: GET /models with the key lists the model; a wrong key is invalid_api_key; a closed port fails"
    )
    func openAI() async throws {
        try await FakeOpenAI.start(apiKey: "sk-good").whileRunning { openAI in
            var settings = ["OPENAI_API_KEY": "sk-good", "OPENAI_BASE_URL": openAI.baseURL]
            let good = try #require(await Self.examine(settings)["model (OpenAI)"])
            #expect(good.outcome.mark == "✓", "\(good)")
            let requests = await openAI.requests()
            #expect(requests.map(\.path) == ["/v1/models"] && requests.map(\.method) == ["GET"])
            #expect(requests.first?.headers["authorization"] == "Bearer sk-good")
            settings["OPENAI_API_KEY"] = "sk-wrong"
            let bad = try #require(await Self.examine(settings)["model (OpenAI)"])
            #expect(bad.outcome.isFailure && bad.description.contains("invalid_api_key"), "\(bad)")
            #expect(!bad.description.contains("sk-wrong"))
            settings["OPENAI_MODEL"] = "gpt-nonexistent"
            settings["OPENAI_API_KEY"] = "sk-good"
            let unknown = try #require(await Self.examine(settings)["model (OpenAI)"])
            #expect(unknown.outcome.isFailure && unknown.description.contains("OPENAI_MODEL"))
        }
        let closed = try ClosedPort()
        let unreachable = try #require(
            await Self.examine(["OPENAI_API_KEY": "sk", "OPENAI_BASE_URL": "http://127.0.0.1:\(closed.port)/v1"])[
                "model (OpenAI)"])
        #expect(unreachable.outcome.isFailure, "\(unreachable)")
    }

    @Test("Gemini: models.get with x-goog-api-key; a wrong key is API_KEY_INVALID")
    func gemini() async throws {
        try await FakeGemini.start(apiKey: "AIza-good").whileRunning { gemini in
            var settings = ["GEMINI_API_KEY": "AIza-good", "GEMINI_BASE_URL": gemini.baseURL]
            let good = try #require(await Self.examine(settings)["model (Gemini)"])
            #expect(good.outcome.mark == "✓", "\(good)")
            // The embeddings default to Gemini too: they ask for their own model.
            let request = try #require(await gemini.requests().first { $0.path.hasSuffix("gemini-2.5-flash") })
            #expect(request.method == "GET" && request.path == "/v1beta/models/gemini-2.5-flash")
            #expect(await gemini.requests().map(\.path).contains("/v1beta/models/gemini-embedding-001"))
            #expect(request.headers["x-goog-api-key"] == "AIza-good" && request.query == nil)
            settings["GEMINI_API_KEY"] = "AIza-wrong"
            let bad = try #require(await Self.examine(settings)["model (Gemini)"])
            #expect(bad.outcome.isFailure && bad.description.contains("API key not valid"), "\(bad)")
        }
    }

    @Test("ElevenLabs: the voice is read with xi-api-key; a wrong key is refused")
    func elevenLabs() async throws {
        try await FakeElevenLabs.start(apiKey: "el-good").whileRunning { eleven in
            var settings = [
                "ELEVENLABS_API_KEY": "el-good", "ELEVENLABS_VOICE_ID": "voice-test",
                "ELEVENLABS_BASE_URL": eleven.baseURL, "TTS_PROVIDER": "elevenlabs",
            ]
            let good = try #require(await Self.examine(settings)["speech (ElevenLabs)"])
            #expect(good.outcome.mark == "✓", "\(good)")
            #expect(await eleven.requests().map(\.path) == ["/v1/voices/voice-test"])
            settings["ELEVENLABS_API_KEY"] = "el-wrong"
            let bad = try #require(await Self.examine(settings)["speech (ElevenLabs)"])
            #expect(bad.outcome.isFailure && bad.description.contains("Invalid API key"), "\(bad)")
        }
    }

    @Test("ffmpeg: FFMPEG_PATH pointing nowhere fails when voice notes need it, and is only a – line otherwise")
    func ffmpeg() async throws {
        let voice = await Self.examine([
            "TRANSCRIPTION_PROVIDER": "openai", "TRANSCRIPTION_BASE_URL": "http://127.0.0.1:9/v1",
            "FFMPEG_PATH": "/nowhere/ffmpeg",
        ])
        let line = try #require(voice["ffmpeg"])
        #expect(line.outcome.isFailure && line.description.contains("FFMPEG_PATH"), "\(line)")
        #expect(voice["ffprobe"]?.outcome.isFailure == true)
        let quiet = await Self.examine(["FFMPEG_PATH": "/nowhere/ffmpeg"])
        #expect(quiet["ffmpeg"]?.outcome.mark == "–")
    }

    @Test("A bad setting is one ✗ line naming it, not a crash")
    func badSetting() async throws {
        let lines = await Doctor.examine(
            environment: ["PORT": "eighty", "DATABASE_URL": "sqlite::memory:"], dotEnvPath: nil, timeout: .seconds(1))
        #expect(lines.count == 1)
        #expect(lines.first?.outcome.isFailure == true && lines.first?.description.contains("PORT") == true)
    }

    @Test("PUBLIC_URL: /health answering 200 passes; a closed port fails; unset is skipped")
    func publicURL() async throws {
        try await FakeBusinessAPI.start().whileRunning { host in
            await host.answer("/health", with: .json(status: 200, ["status": "ok"]))
            let good = try #require(await Self.examine(["PUBLIC_URL": host.baseURL])["PUBLIC_URL"])
            #expect(good.outcome.mark == "✓", "\(good)")
            #expect(await host.requests().map(\.target) == ["/health"])
        }
        let closed = try ClosedPort()
        let bad = try #require(await Self.examine(["PUBLIC_URL": "http://127.0.0.1:\(closed.port)"])["PUBLIC_URL"])
        #expect(bad.outcome.isFailure)
        #expect(await Self.examine([:])["PUBLIC_URL"]?.outcome.mark == "⚠")
    }
}
