import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

@Suite("GeminiProvider tool calling against FakeGemini", .timeLimit(.minutes(3)))
struct GeminiProviderToolTests {
    let base = GeminiProviderTests()

    @Test("functionDeclarations go out; args arrive as an object; the signed call goes back unchanged")
    func twoRounds() async throws {
        try await base.withFake { fake in
            await fake.enqueue([
                .functionCalls([("current_time", [:]), ("remember_fact", ["fact": "Chama-se Ana."])])
            ])
            let provider = base.provider(fake.baseURL)
            let first = try await provider.reply(to: ToolFixtures.question)
            #expect(first.toolCalls.map(\.name) == ["current_time", "remember_fact"])
            #expect(first.toolCalls[1].arguments == ["fact": "Chama-se Ana."])
            #expect(Set(first.toolCalls.map(\.id)).count == 2)
            let second = try await provider.reply(
                to: ToolFixtures.answering(first, after: ToolFixtures.question, toolChoice: .none))
            #expect(second.text == "Resposta para: Que horas são?")

            let requests = await fake.requests()
            #expect(requests.allSatisfy { $0.rejection == nil })
            #expect(requests[0].toolNames == ["current_time", "remember_fact"])
            #expect(requests[0].functionCallingMode == nil && requests[1].functionCallingMode == "NONE")
            let model = try #require(requests[1].contents.first { $0.role == "model" })
            #expect(model.functionCalls.map(\.name) == ["current_time", "remember_fact"])
            #expect(model.functionCalls[0].thoughtSignature?.hasPrefix("sig-") == true)
            #expect(requests[1].functionResponses.map(\.name) == ["current_time", "remember_fact"])
            #expect(requests[1].functionResponses[0].response == ["ok": true, "time": "09:00"])
            #expect(requests[1].contents.map(\.role) == ["user", "model", "user"])
        }
    }

    @Test("a bare result is wrapped in an object, as functionResponse.response must be")
    func bareResult() throws {
        let step = ToolStep(
            calls: [ToolCall(id: "call_0", name: "current_time", arguments: [:])],
            results: [ToolResult(callID: "call_0", name: "current_time", output: "09:00")])
        let contents = base.provider("http://127.0.0.1:1/v1beta").stepContents(step)
        #expect(contents.map(\.role) == ["model", "user"])
        #expect(contents[1].parts == [["functionResponse": ["name": "current_time", "response": ["result": "09:00"]]]])
    }

    @Test("a call Gemini did not make goes back with the documented sentinel; with no signature at all it is refused")
    func unsignedCalls() async throws {
        try await base.withFake { fake in
            await fake.enqueue([.functionCalls([("current_time", [:])])])
            var first = try await base.provider(fake.baseURL).reply(to: ToolFixtures.question)
            // Rebuilt from its calls, as a step another provider made, or a call the contact confirmed, is.
            first.replay = nil
            let next = ToolFixtures.answering(first, after: ToolFixtures.question)
            let answered = try await base.provider(fake.baseURL).reply(to: next)
            #expect(answered.text == "Resposta para: Que horas são?")
            let sent = try #require(await fake.requests().last)
            #expect(sent.rejection == nil)
            let model = try #require(sent.contents.first { $0.role == "model" })
            #expect(model.functionCalls.first?.thoughtSignature == "skip_thought_signature_validator")
            // A Gemini 2 model checks no signature and gets none; the fake, strict as Gemini 3, refuses the call.
            await #expect(throws: LLMError.self) {
                try await base.provider(fake.baseURL, model: "gemini-2.5-flash").reply(to: next)
            }
            let rejection = try #require(await fake.requests().last?.rejection)
            #expect(rejection.contains("thought_signature"))
        }
    }
}
