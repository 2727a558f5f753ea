import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagarelaFakes
import Testing

@Suite("FakeOpenAI's /v1/responses is as strict as OpenAI", .timeLimit(.minutes(3)))
struct OpenAIResponsesFakeTests {
    /// One malformed request and the answer OpenAI would give it.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var authorization = "Bearer sk-test"
        var body: String
        var status = 400
        var code: String?
        /// Where the body goes; the image cases post to Chat Completions too.
        var path = "/v1/responses"

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "previous_response_id with conversation",
            body: #"{"model":"m","input":"oi","previous_response_id":"resp_1","conversation":"conv_1"}"#,
            code: "mutually_exclusive_parameters"),
        Case(
            name: "previous_response_id the fake never stored",
            body: #"{"model":"m","input":"oi","previous_response_id":"resp_1"}"#,
            code: "previous_response_not_found"),
        Case(
            name: "chat's messages field is unknown here",
            body: #"{"model":"m","messages":[{"role":"user","content":"oi"}]}"#,
            code: "unknown_parameter"),
        Case(
            name: "role tool is not an input role",
            body: #"{"model":"m","input":[{"role":"tool","content":"oi"}]}"#,
            code: "invalid_value"),
        Case(
            name: "wrong key", authorization: "Bearer sk-other", body: #"{"model":"m","input":"oi"}"#, status: 401,
            code: "invalid_api_key"),
        Case(
            name: "max_output_tokens below 16",
            body: #"{"model":"m","input":"oi","max_output_tokens":15}"#,
            code: "integer_below_min_value"),
        Case(
            name: "assistant content as input_text",
            body: #"{"model":"m","input":[{"role":"assistant","content":[{"type":"input_text","text":"oi"}]}]}"#,
            code: "invalid_value"),
        Case(
            name: "function_call_output without call_id",
            body: #"{"model":"m","input":[{"type":"function_call_output","output":"42"}]}"#,
            code: "missing_required_parameter"),
        Case(name: "store not a boolean", body: #"{"model":"m","input":"oi","store":"no"}"#, code: "invalid_type"),
        Case(name: "no input", body: #"{"model":"m","instructions":"x"}"#, code: "missing_required_parameter"),
    ]

    @Test(
        "malformed requests (image parts too) get OpenAI's error JSON and are recorded",
        arguments: cases + ImageFakeTests.openAICases)
    func rejects(_ testCase: Case) async throws {
        let fake = try await FakeOpenAI.start()
        let (status, json) = try await fake.rawPost(
            path: testCase.path, body: testCase.body, authorization: testCase.authorization)
        let recorded = await fake.requests()
        await fake.stop()

        #expect(status == testCase.status)
        let error = try #require(json["error"] as? [String: Any])
        #expect(Set(error.keys) == ["message", "type", "param", "code"])
        #expect(error["code"] as? String == testCase.code)
        #expect(recorded.count == 1 && recorded.first?.rejection != nil)
        #expect(recorded.first?.path == testCase.path)
    }

    @Test("every accepted input form is recorded, and the answer has the real response shape")
    func acceptsAndAnswers() async throws {
        let fake = try await FakeOpenAI.start()
        let body = """
            {"model":"gpt-test","instructions":"Seja breve.","store":false,"max_output_tokens":16,"input":[
             {"role":"developer","content":"Fale português."},
             {"type":"message","role":"user","content":[{"type":"input_text","text":"Que "},{"type":"input_text","text":"horas?"}]},
             {"role":"assistant","content":[{"type":"output_text","text":"Vou ver."}]},
             {"type":"function_call","call_id":"call_1","name":"current_time","arguments":"{}"},
             {"type":"function_call_output","call_id":"call_1","output":"10:00"}]}
            """
        await fake.enqueue([.response(.init(output: [.reasoning(summary: "hm"), .message(["São 10h."])]))])
        let (status, json) = try await fake.rawPost(body: body)
        let request = try #require(await fake.requests().first)
        await fake.stop()

        #expect(status == 200)
        #expect(request.rejection == nil && request.instructions == "Seja breve." && request.store == false)
        #expect(
            request.input == [
                .init(type: "message", role: "developer", text: "Fale português."),
                .init(type: "message", role: "user", text: "Que horas?"),
                .init(type: "message", role: "assistant", text: "Vou ver."),
                .init(type: "function_call", role: nil, text: "{}", callID: "call_1", name: "current_time"),
                .init(type: "function_call_output", role: nil, text: "10:00", callID: "call_1"),
            ])
        #expect(request.lastUserMessage == "Que horas?")

        #expect((json["id"] as? String)?.hasPrefix("resp_") == true)
        #expect(json["object"] as? String == "response" && json["status"] as? String == "completed")
        #expect(json["instructions"] as? String == "Seja breve." && json["model"] as? String == "gpt-test")
        #expect(json["store"] as? Bool == false)
        let output = try #require(json["output"] as? [[String: Any]])
        #expect(output.map { $0["type"] as? String } == ["reasoning", "message"])
        let content = try #require(output[1]["content"] as? [[String: Any]])
        #expect(content.first?["type"] as? String == "output_text" && content.first?["text"] as? String == "São 10h.")
        let usage = try #require(json["usage"] as? [String: Any])
        #expect(
            Set(usage.keys) == [
                "input_tokens", "input_tokens_details", "output_tokens", "output_tokens_details", "total_tokens",
            ])
        #expect(usage["output_tokens"] as? Int == 2)
    }

    @Test("one script drives both endpoints: errors alike, text in each endpoint's shape")
    func sameScriptBothEndpoints() async throws {
        let fake = try await FakeOpenAI.start()
        let quota = FakeOpenAI.Reply.error(
            status: 429, code: "insufficient_quota", type: "insufficient_quota", message: "quota")
        await fake.enqueue([quota, quota, .text("um"), .text("dois")])
        let chatBody = #"{"model":"m","messages":[{"role":"user","content":"oi"}]}"#
        let responsesBody = #"{"model":"m","input":"oi"}"#
        let (chatError, chatErrorJSON) = try await fake.rawPost(path: "/v1/chat/completions", body: chatBody)
        let (responsesError, responsesErrorJSON) = try await fake.rawPost(body: responsesBody)
        let (_, chat) = try await fake.rawPost(path: "/v1/chat/completions", body: chatBody)
        let (_, responses) = try await fake.rawPost(body: responsesBody)
        let endpoints = await fake.requests().map(\.endpoint)
        await fake.stop()

        #expect(chatError == 429 && responsesError == 429)
        #expect((chatErrorJSON["error"] as? [String: Any])?["code"] as? String == "insufficient_quota")
        #expect((responsesErrorJSON["error"] as? [String: Any])?["code"] as? String == "insufficient_quota")
        #expect(chat["object"] as? String == "chat.completion")
        #expect(responses["object"] as? String == "response")
        let message = (responses["output"] as? [[String: Any]])?.first
        #expect((message?["content"] as? [[String: Any]])?.first?["text"] as? String == "dois")
        #expect(endpoints == [.chatCompletions, .responses, .chatCompletions, .responses])
    }
}
