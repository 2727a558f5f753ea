import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

@Suite("OpenAIChatProvider tool calling against FakeOpenAI", .timeLimit(.minutes(3)))
struct OpenAIChatProviderToolTests {
    let base = OpenAIChatProviderTests()

    @Test("nested tools go out, calls come back parsed, results answer each tool_call_id, words end it")
    func twoRounds() async throws {
        try await base.withFake { fake in
            await fake.enqueue([
                .response(.calling([("current_time", "{}"), ("remember_fact", #"{"fact":"Chama-se Ana."}"#)]))
            ])
            let provider = base.provider(fake.baseURL)
            let first = try await provider.reply(to: ToolFixtures.question)
            #expect(first.text.isEmpty)
            #expect(first.toolCalls.map(\.name) == ["current_time", "remember_fact"])
            #expect(first.toolCalls[1].arguments == ["fact": "Chama-se Ana."])
            #expect(first.toolCalls.allSatisfy { $0.id.hasPrefix("call_") })
            let second = try await provider.reply(
                to: ToolFixtures.answering(first, after: ToolFixtures.question, toolChoice: .none))
            #expect(second.text == "Resposta para: Que horas são?")
            #expect(second.toolCalls.isEmpty)

            let requests = await fake.requests()
            #expect(requests.allSatisfy { $0.rejection == nil })
            #expect(requests[0].toolNames == ["current_time", "remember_fact"] && requests[0].toolChoice == nil)
            #expect(requests[0].rawJSON.contains(#""function":{"#))
            #expect(requests[1].toolChoice == "none")
            #expect(requests[1].calledTools == ["current_time", "remember_fact"])
            #expect(Set(requests[1].toolOutputs.keys) == Set(first.toolCalls.map(\.id)))
            #expect(requests[1].toolOutputs.values.allSatisfy { $0 == #"{"ok":true,"time":"09:00"}"# })
        }
    }

    @Test("arguments that are not JSON reach the tool as text, not as a failed turn")
    func unreadableArguments() async throws {
        try await base.withFake { fake in
            await fake.enqueue([.response(.calling([("remember_fact", "{fact: Ana")]))])
            let reply = try await base.provider(fake.baseURL).reply(to: ToolFixtures.question)
            #expect(reply.toolCalls.first?.arguments == .string("{fact: Ana"))
        }
    }

    @Test("the fake refuses what OpenAI refuses: flat tools, and a call left unanswered")
    func strictFake() async throws {
        try await base.withFake { fake in
            let flat =
                #"{"model":"m","messages":[{"role":"user","content":"oi"}],"tools":[{"type":"function","name":"x"}]}"#
            let unanswered = """
                {"model":"m","messages":[{"role":"user","content":"oi"},
                 {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"x","arguments":"{}"}}]},
                 {"role":"user","content":"e então?"}]}
                """
            let stray =
                #"{"model":"m","messages":[{"role":"user","content":"oi"},{"role":"tool","tool_call_id":"call_9","content":"1"}]}"#
            for body in [flat, unanswered, stray] {
                let (status, _) = try await fake.rawPost(path: "/v1/chat/completions", body: body)
                #expect(status == 400)
            }
            let rejections = await fake.requests().map(\.rejection)
            #expect(rejections[0]?.contains("tools[0].function") == true)
            #expect(rejections[1]?.contains("call_1") == true)
            #expect(rejections[2]?.contains("role 'tool'") == true)
        }
    }
}
