import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

@Suite("OpenAIResponsesProvider tool calling against FakeOpenAI", .timeLimit(.minutes(3)))
struct OpenAIResponsesProviderToolTests {
    let base = OpenAIResponsesProviderTests()

    @Test("flat tools go out; reasoning and function_call items come back whole; call_id answers")
    func twoRounds() async throws {
        try await base.withFake { fake in
            await fake.enqueue([
                .response(
                    .init(output: [
                        .reasoning(summary: "ver a hora"), .functionCall(name: "current_time", arguments: "{}"),
                    ]))
            ])
            let provider = base.provider(fake.baseURL)
            let first = try await provider.reply(to: ToolFixtures.question)
            #expect(first.toolCalls.map(\.name) == ["current_time"] && first.toolCalls[0].arguments == [:])
            #expect(first.replay?.provider == "openai" && first.replay?.items.arrayValue?.count == 2)
            let second = try await provider.reply(to: ToolFixtures.answering(first, after: ToolFixtures.question))
            #expect(second.text == "Resposta para: Que horas são?")

            let requests = await fake.requests()
            #expect(requests.allSatisfy { $0.rejection == nil })
            #expect(requests[0].toolNames == ["current_time", "remember_fact"])
            #expect(requests[0].include == ["reasoning.encrypted_content"])
            #expect(!requests[0].rawJSON.contains(#""function":{"#))
            // The reasoning item went back with its encrypted content (the fake refuses it otherwise).
            #expect(requests[1].input.map(\.type) == ["message", "reasoning", "function_call", "function_call_output"])
            #expect(requests[1].toolOutputs[first.toolCalls[0].id] == #"{"ok":true,"time":"09:00"}"#)
            #expect(requests[1].store == false && requests[1].instructions == "Você é a Tagarela.")
        }
    }

    @Test("a round another provider made is rebuilt as function_call items")
    func foreignRound() async throws {
        try await base.withFake { fake in
            var request = ToolFixtures.question
            request.steps = [
                ToolStep(
                    text: "Um momento.", calls: [ToolCall(id: "call_0", name: "current_time", arguments: [:])],
                    results: [ToolResult(callID: "call_0", name: "current_time", output: ["time": "09:00"])],
                    replay: ProviderReplay(provider: "gemini", items: [["functionCall": ["name": "current_time"]]]))
            ]
            request.toolChoice = .none
            _ = try await base.provider(fake.baseURL).reply(to: request)
            let sent = try #require(await fake.requests().first)
            #expect(sent.rejection == nil && sent.toolChoice == "none")
            #expect(sent.input.map(\.type) == ["message", "message", "function_call", "function_call_output"])
            #expect(sent.input[1].role == "assistant" && sent.input[1].text == "Um momento.")
            #expect(sent.calledTools == ["current_time"] && sent.toolOutputs["call_0"] == #"{"time":"09:00"}"#)
        }
    }

    @Test("the fake refuses what OpenAI refuses: nested tools, a bare reasoning item, an output with no call")
    func strictFake() async throws {
        try await base.withFake { fake in
            let bodies = [
                #"{"model":"m","input":"oi","tools":[{"type":"function","function":{"name":"x"}}]}"#,
                #"{"model":"m","store":false,"input":[{"role":"user","content":"oi"},{"type":"reasoning","id":"rs_1","summary":[]}]}"#,
                #"{"model":"m","input":[{"role":"user","content":"oi"},{"type":"function_call_output","call_id":"call_9","output":"1"}]}"#,
                #"{"model":"m","input":"oi","tool_choice":"none"}"#,
            ]
            var statuses: [Int] = []
            for body in bodies {
                statuses.append(try await fake.rawPost(body: body).0)
            }
            #expect(statuses == [400, 404, 400, 400])
            let rejections = await fake.requests().compactMap(\.rejection)
            #expect(rejections.count == 4 && rejections[0].contains("tools[0].name"))
        }
    }
}
