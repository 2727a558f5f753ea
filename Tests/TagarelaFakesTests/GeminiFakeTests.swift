import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagarelaFakes
import Testing

@Suite("FakeGemini is as strict as Gemini", .timeLimit(.minutes(3)))
struct GeminiFakeTests {
    static let key = "AIza-fake-key"
    static let validBody = #"{"contents":[{"role":"user","parts":[{"text":"oi"}]}]}"#

    /// One request and the answer Gemini (or, for `?key=`, Tagarela's policy) would give it.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var method = HTTPMethod.POST
        var path = "/v1beta/models/gemini-test:generateContent"
        var apiKey: String? = GeminiFakeTests.key
        var contentType = "application/json"
        var body = GeminiFakeTests.validBody
        var status: Int
        var rpcStatus: String?
        var reason: String?

        var testDescription: String { name }

        static func body(_ name: String, _ body: String) -> Case {
            Case(name: name, body: body, status: 400, rpcStatus: "INVALID_ARGUMENT")
        }
    }

    static let cases: [Case] = [
        Case(name: "a valid request passes", status: 200),
        Case(name: "unknown path", path: "/v1/models/gemini-test:generateContent", status: 404, rpcStatus: "NOT_FOUND"),
        Case(
            name: "models/models/…", path: "/v1beta/models/models/gemini-test:generateContent", status: 404,
            rpcStatus: "NOT_FOUND"),
        Case(
            name: "streaming method", path: "/v1beta/models/g:streamGenerateContent", status: 404,
            rpcStatus: "NOT_FOUND"),
        Case(name: "GET", method: .GET, status: 404, rpcStatus: "NOT_FOUND"),
        Case(name: "no key", apiKey: nil, status: 403, rpcStatus: "PERMISSION_DENIED"),
        Case(
            name: "wrong key", apiKey: "AIza-other", status: 400, rpcStatus: "INVALID_ARGUMENT",
            reason: "API_KEY_INVALID"),
        Case(
            name: "key in the URL, even the right one",
            path: "/v1beta/models/gemini-test:generateContent?key=\(GeminiFakeTests.key)", status: 400,
            rpcStatus: "INVALID_ARGUMENT"),
        Case(name: "not JSON content type", contentType: "text/plain", status: 400, rpcStatus: "INVALID_ARGUMENT"),
        .body("broken JSON", #"{"contents":"#),
        .body("no contents", #"{"systemInstruction":{"parts":[{"text":"x"}]}}"#),
        .body("empty contents", #"{"contents":[]}"#),
        .body("system role", #"{"contents":[{"role":"system","parts":[{"text":"x"}]}]}"#),
        .body(
            "assistant role",
            #"{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"assistant","parts":[{"text":"b"}]}]}"#),
        .body("missing role", #"{"contents":[{"parts":[{"text":"x"}]}]}"#),
        .body("model speaks first", #"{"contents":[{"role":"model","parts":[{"text":"x"}]}]}"#),
        .body("empty parts", #"{"contents":[{"role":"user","parts":[]}]}"#),
        .body("part with two fields", #"{"contents":[{"role":"user","parts":[{"text":"x","inlineData":{}}]}]}"#),
        .body("part with an unknown field", #"{"contents":[{"role":"user","parts":[{"content":"x"}]}]}"#),
        .body("empty text", #"{"contents":[{"role":"user","parts":[{"text":""}]}]}"#),
        .body("unknown top-level field", #"{"contents":[{"role":"user","parts":[{"text":"x"}]}],"system":"x"}"#),
        .body(
            "system instruction text not a string",
            #"{"systemInstruction":{"parts":[{"text":1}]},"contents":[{"role":"user","parts":[{"text":"x"}]}]}"#),
        .body(
            "maxOutputTokens not an integer",
            #"{"contents":[{"role":"user","parts":[{"text":"x"}]}],"generationConfig":{"maxOutputTokens":"9"}}"#),
        .body("a schema keyword Gemini does not read", tools(#"{"type":"object","additionalProperties":false}"#)),
        .body("an enum of integers", tools(#"{"type":"object","properties":{"n":{"type":"integer","enum":[1,2]}}}"#)),
        .body("an array without items", tools(#"{"type":"object","properties":{"a":{"type":"array"}}}"#)),
        .body("a required name that is no property", tools(#"{"type":"object","properties":{},"required":["x"]}"#)),
        .body("a nested object without properties", tools(#"{"type":"object","properties":{"o":{"type":"object"}}}"#)),
        .body("an unknown type", tools(#"{"type":"object","properties":{"d":{"type":"date"}}}"#)),
        Case(
            name: "the subset Tagarela sends passes",
            body: tools(
                #"{"type":"object","properties":{"n":{"type":"integer","minimum":1,"maximum":8,"description":"x"},"#
                    + #""s":{"type":"string","enum":["a"],"minLength":1},"a":{"type":"array","items":{"type":"string"},"#
                    + #""minItems":1}},"required":["n"]}"#), status: 200),
    ]

    /// A valid request declaring one function with `parameters`.
    static func tools(_ parameters: String) -> String {
        #"{"contents":[{"role":"user","parts":[{"text":"x"}]}],"tools":[{"functionDeclarations":[{"name":"f","#
            + #""description":"d","parameters":"# + parameters + "}]}]}"
    }

    @Test("requests get Gemini's answer and are recorded", arguments: cases)
    func validates(_ testCase: Case) async throws {
        let fake = try await FakeGemini.start(apiKey: Self.key)
        let port = URL(string: fake.baseURL)?.port ?? 0
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(testCase.path)")
        request.method = testCase.method
        if let apiKey = testCase.apiKey {
            request.headers.add(name: "x-goog-api-key", value: apiKey)
        }
        request.headers.add(name: "Content-Type", value: testCase.contentType)
        request.body = .bytes(ByteBuffer(string: testCase.body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 16)
        let recorded = await fake.requests()
        await fake.stop()

        #expect(Int(response.status.code) == testCase.status)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
        #expect(recorded.count == 1)
        guard let rpcStatus = testCase.rpcStatus else {
            #expect(json["candidates"] != nil && recorded.first?.rejection == nil)
            return
        }
        let error = try #require(json["error"] as? [String: Any])
        #expect(error["code"] as? Int == testCase.status)
        #expect(error["status"] as? String == rpcStatus)
        #expect((error["message"] as? String)?.isEmpty == false)
        let details = error["details"] as? [[String: Any]] ?? []
        #expect(details.compactMap { $0["reason"] as? String }.first == testCase.reason)
        #expect(recorded.first?.rejection != nil)
    }

    @Test("snake_case fields and several parts are accepted and recorded")
    func snakeCase() async throws {
        let fake = try await FakeGemini.start(apiKey: Self.key)
        let port = URL(string: fake.baseURL)?.port ?? 0
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1beta/models/gemini-x:generateContent")
        request.method = .POST
        request.headers.add(name: "x-goog-api-key", value: Self.key)
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        let body = #"""
            {"system_instruction":{"parts":[{"text":"a"},{"text":"b"}]},
             "contents":[{"role":"user","parts":[{"text":"oi"},{"text":"tudo bem?"}]}],
             "generation_config":{"max_output_tokens":50,"temperature":0.5,"topP":0.9}}
            """#
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let recorded = await fake.requests()
        await fake.stop()

        #expect(response.status == .ok)
        let first = try #require(recorded.first)
        #expect(first.model == "gemini-x" && first.systemInstruction == "a\nb")
        #expect(first.contents == [.init(role: "user", parts: ["oi", "tudo bem?"])])
        #expect(first.maxOutputTokens == 50 && first.temperature == 0.5)
    }
}
