import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

extension CrashRecoveryTests {
    /// A tools file with one tool with a side effect on `api`: a booking (POST).
    static func bookingToolsFile(_ api: FakeBusinessAPI) throws -> String {
        let yaml = """
            tools:
              - name: book_table
                description: Books a table.
                allow_private_addresses: true
                parameters:
                  type: object
                  properties:
                    people: {type: integer}
                  required: [people]
                request:
                  method: POST
                  url: \(api.baseURL)/bookings
                  body: {party: "{people}", phone: "{contact.phone}"}
            """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tools-\(UUID().uuidString).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The server is killed after the business's service received the booking and before the turn ended (the model's
    /// next round stalls); the successor runs the turn again, the model asks for the same booking, and the journal
    /// replays the recorded result: the service counts one call and the contact gets one answer built on it.
    @Test func sideEffectCallIsNotMadeTwiceWhenTheTurnIsRunAgainAfterACrash() async throws {
        try await FakeBusinessAPI.start().whileRunning { api in
            await api.answer("/bookings", with: .json(status: 201, ["booking": "B-77"]))
            let file = try Self.bookingToolsFile(api)
            defer { try? FileManager.default.removeItem(atPath: file) }
            try await TestWorld.with { world in
                let booking = FakeOpenAI.Reply.response(.calling([("book_table", #"{"people":4}"#)]))
                // First run: the model asks for the booking, then stalls once it has the result.
                await world.openAI.enqueue([booking, .hang])
                // The run after the crash: the model asks again (it does not know), then answers with what it got.
                await world.openAI.setResponder { request in
                    guard let output = request.toolOutputs.values.first else { return booking }
                    return .text("Reservado: \(output)")
                }
                let environment = world.environment([
                    "LLM_PROVIDER": "openai", "TOOLS_FILE": file, "TOOL_TIMEOUT_SECONDS": "30",
                ])
                let first = try await ServerProcess(environment: environment)
                #expect(try await first.postWebhook(Webhook.text("Reserve uma mesa para 4")) == 200)
                // The second round asked means the call's result arrived and was recorded before it.
                try await waitUntil { await world.openAI.requestCount() == 2 }
                first.kill9()
                let calls = await api.requests()
                #expect(calls.count == 1)
                let key = try #require(calls.first?.headers["idempotency-key"])
                #expect(!key.isEmpty)

                let second = try await ServerProcess(environment: environment)
                defer { second.terminate() }
                let sent = try await world.twilio.waitForSent(count: 1)
                #expect(sent[0].body?.contains(#""booking":"B-77""#) == true, "\(sent[0].body ?? "")")
                try await second.settled()
                #expect(await world.twilio.sent().count == 1)
                #expect(await api.requests().count == 1)
                // The successor asked the model twice: the booking again, then the answer with the replayed result.
                #expect(await world.openAI.requestCount() == 4)
            }
        }
    }
}
