import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension FakeOpenAI {
    /// Posts `body` to the fake's `path` as any client could, and returns the status and the decoded JSON answer
    /// (empty when it is not a JSON object): for tests of what the fake accepts and refuses.
    public func rawPost(
        path: String = "/v1/responses", body: String, authorization: String = "Bearer sk-test"
    ) async throws -> (Int, [String: Any]) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(URL(string: baseURL)?.port ?? 0)\(path)")
        request.method = .POST
        request.headers.add(name: "Authorization", value: authorization)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 16)
        let json = try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any]
        return (Int(response.status.code), json ?? [:])
    }
}
