import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagarelaFakes
import Testing

@Suite("FakeOpenAI is as strict as OpenAI", .timeLimit(.minutes(3)))
struct FakeOpenAITests {
    /// One malformed request and the answer OpenAI would give it.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var path = "/v1/chat/completions"
        var authorization: String? = "Bearer sk-test"
        var contentType = "application/json"
        var body = #"{"model":"m","messages":[{"role":"user","content":"oi"}]}"#
        var status: Int
        var code: String?

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "unknown path", path: "/v1/assistants", status: 404),
        Case(name: "no key", authorization: nil, status: 401, code: "invalid_api_key"),
        Case(name: "wrong key", authorization: "Bearer sk-other", status: 401, code: "invalid_api_key"),
        Case(name: "not JSON content type", contentType: "text/plain", status: 400),
        Case(name: "broken JSON", body: #"{"model":"#, status: 400),
        Case(name: "no messages", body: #"{"model":"m","messages":[]}"#, status: 400, code: "empty_array"),
        Case(
            name: "unknown role",
            body: #"{"model":"m","messages":[{"role":"robot","content":"oi"}]}"#,
            status: 400,
            code: "invalid_value"
        ),
        Case(
            name: "content not a string",
            body: #"{"model":"m","messages":[{"role":"user","content":1}]}"#,
            status: 400,
            code: "invalid_type"
        ),
        Case(
            name: "max_tokens not an integer",
            body: #"{"model":"m","messages":[{"role":"user","content":"oi"}],"max_tokens":"9"}"#,
            status: 400,
            code: "invalid_value"
        ),
    ]

    @Test("malformed requests get OpenAI's error JSON and are recorded", arguments: cases)
    func rejects(_ testCase: Case) async throws {
        let fake = try await FakeOpenAI.start()
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(URL(string: fake.baseURL)?.port ?? 0)\(testCase.path)")
        request.method = .POST
        if let authorization = testCase.authorization {
            request.headers.add(name: "Authorization", value: authorization)
        }
        request.headers.add(name: "Content-Type", value: testCase.contentType)
        request.body = .bytes(ByteBuffer(string: testCase.body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 16)
        let recorded = await fake.requests()
        await fake.stop()

        #expect(Int(response.status.code) == testCase.status)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
        let error = try #require(json["error"] as? [String: Any])
        #expect(Set(error.keys) == ["message", "type", "param", "code"])
        #expect(error["code"] as? String == testCase.code)
        #expect(recorded.count == 1 && recorded.first?.rejection != nil)
    }
}
