import Foundation
import TagarelaFakes

/// A voice note answered by voice, the classic pipeline (transcription, model, speech: three calls) against the
/// realtime one (one Realtime session), every fake call taking the same `latency` as a real provider's would: the
/// time from the webhook's POST to the voice note reaching the fake Twilio, for `count` notes from different
/// contacts, one after another (the Portuguese test note, 6.5 s). The realtime path saves two round trips.
struct VoicePhase {
    let world: BenchWorld
    var count = 10
    var latency: Duration = .milliseconds(300)

    struct Result {
        var latency: Duration
        var classic: [Duration]
        var realtime: [Duration]
    }

    func run() async throws -> Result {
        let latency = latency
        await world.openAI.setResponder { _ in .delayed(latency, .text("Claro, o pedido chega amanhã de manhã.")) }
        await world.openAI.setAudioResponder { request in
            try? await Task.sleep(for: latency)
            return request.path.hasSuffix("/transcriptions") ? .transcript("Quando chega o meu pedido?") : .speech
        }
        var script = FakeRealtime.Script()
        script.latency = latency
        let realtime = try await FakeRealtime.start(script)
        do {
            let classic = try await measure("classic", realtime: nil, firstContact: 7_000_000)
            let spoken = try await measure("realtime", realtime: realtime, firstContact: 7_100_000)
            await realtime.stop()
            return Result(latency: latency, classic: classic.sorted(), realtime: spoken.sorted())
        } catch {
            await realtime.stop()
            throw error
        }
    }

    private func measure(_ name: String, realtime: FakeRealtime?, firstContact: Int) async throws -> [Duration] {
        var overrides = [
            "TRANSCRIPTION_PROVIDER": "openai", "TRANSCRIPTION_BASE_URL": world.openAI.baseURL,
            "TRANSCRIPTION_LANGUAGE": "pt", "TTS_PROVIDER": "openai", "TTS_BASE_URL": world.openAI.baseURL,
            // One voice note per answer, nothing before or beside it.
            "VOICE_ECHO_TRANSCRIPT": "false", "VOICE_REPLY_WITH_TEXT": "false",
        ]
        if let realtime {
            overrides["VOICE_PIPELINE"] = "realtime"
            overrides["REALTIME_BASE_URL"] = realtime.url.absoluteString
            overrides["REALTIME_API_KEY"] = FakeRealtime.apiKey
        }
        let server = try await ServerProcess(environment: world.environment("voice-\(name)", overrides))
        defer { server.terminate() }
        let note = Array(try Fixtures.portugueseVoiceNote())
        var urls: [String] = []
        for _ in 0..<count { urls.append(await world.twilio.media(bytes: note, contentType: "audio/ogg")) }
        let webhooks = SignedWebhooks.voiceNotes(urls, firstContact: firstContact)
        let load = LoadGenerator(port: server.port)
        var times: [Duration] = []
        for webhook in webhooks {
            let before = await world.twilio.sent().count
            let started = await load.paced([webhook], interval: .zero)
            let sent = try await world.twilio.waitForSent(count: before + 1, timeout: .seconds(60))
            guard let reply = sent.dropFirst(before).first, !reply.mediaURLs.isEmpty, let start = started.first else {
                throw BenchError("the \(name) pipeline answered a voice note without a voice note")
            }
            times.append(reply.receivedAt - start)
        }
        return times
    }
}
