import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagarelaCore

/// MCP's Streamable HTTP transport on AsyncHTTPClient: each message is a POST to the server's one endpoint that
/// accepts JSON or an event stream back, with the session id the server gave in `initialize` and the agreed
/// protocol version on every later request
/// (https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#streamable-http). Notifications the
/// server sends inside a response stream (`notifications/tools/list_changed`) go to `onNotification`; the optional
/// GET stream for messages outside any request is not opened: the tools are also listed again on a timer.
public actor MCPHTTPTransport: MCPTransport {
    let url: URL
    let headers: [(String, String)]
    let timeout: Duration
    let maxBytes: Int
    let client: HTTPClient
    let onNotification: @Sendable (String) -> Void
    private var sessionID: String?
    private var protocolVersion: String?

    /// `pinnedAddress` is the address the outbound policy checked for the URL's host: the connection goes there
    /// and nowhere else (the TLS check keeps the host name), as `OutboundFetcher` does for media.
    public init(
        url: URL, headers: [(String, String)], pinnedAddress: String?, timeout: Duration, maxBytes: Int = 4 << 20,
        onNotification: @escaping @Sendable (String) -> Void
    ) {
        self.url = url
        self.headers = headers
        self.timeout = timeout
        self.maxBytes = maxBytes
        self.onNotification = onNotification
        var configuration = HTTPClient.Configuration()
        // A redirect would leave the checked address: refused like any other answer that is not a success.
        configuration.redirectConfiguration = .disallow
        if let pinnedAddress, let host = url.host { configuration.dnsOverride = [host: pinnedAddress] }
        // The caller's own limit (the tool call's, the listing's) comes first and cancels the request; these only
        // end a request nobody limited, so a slow tool is cut short as slow, not taken for a server that is gone.
        configuration.timeout = HTTPClient.Configuration.Timeout(
            connect: .init(timeout), read: .init(timeout * 2))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func send(request: JSONValue, id: Int) async throws -> JSONValue {
        let response = try await post(request)
        let type = response.headers.first(name: "Content-Type")?.lowercased() ?? ""
        if type.hasPrefix("text/event-stream") {
            var events = ServerSentEvents()
            for try await fragment in response.body {
                for data in try events.feed(fragment.readableBytesView) {
                    if let answer = take(JSONValue(parsing: data), id: id) { return answer }
                }
            }
            throw MCPError.protocolViolation("the event stream ended without the answer to request \(id)")
        }
        let body = try await response.body.collect(upTo: maxBytes)
        guard let message = JSONValue(parsing: String(buffer: body)) else {
            throw MCPError.protocolViolation("the answer to request \(id) is not JSON (\(type))")
        }
        // A batch may carry notifications beside the answer.
        for item in message.arrayValue ?? [message] {
            if let answer = take(item, id: id) { return answer }
        }
        throw MCPError.protocolViolation("no answer to request \(id) in the server's JSON")
    }

    public func send(notification: JSONValue) async throws {
        let response = try await post(notification)
        // 202 Accepted with no body; whatever came is read and dropped.
        _ = try await response.body.collect(upTo: maxBytes)
    }

    public func agreed(protocolVersion: String) {
        self.protocolVersion = protocolVersion
    }

    /// Ends the session on the server (DELETE, which a server may refuse with 405) and stops the client.
    public func close() async {
        if sessionID != nil {
            var request = HTTPClientRequest(url: url.absoluteString)
            request.method = .DELETE
            addHeaders(to: &request)
            _ = try? await client.execute(request, timeout: .init(timeout))
        }
        try? await client.shutdown()
    }

    /// POSTs one message; throws for any status but success, and for a session the server no longer knows.
    private func post(_ message: JSONValue) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json, text/event-stream")
        addHeaders(to: &request)
        request.body = .bytes(ByteBuffer(string: message.jsonText))
        let response = try await client.execute(request, timeout: .init(timeout * 2))
        if let session = response.headers.first(name: "Mcp-Session-Id") { sessionID = session }
        guard (200..<300).contains(response.status.code) else {
            let body = (try? await response.body.collect(upTo: 2048)).map { String(buffer: $0) } ?? ""
            if response.status == .notFound, sessionID != nil { throw MCPError.sessionExpired }
            throw MCPError.http(status: Int(response.status.code), body: String(body.prefix(300)))
        }
        return response
    }

    private func addHeaders(to request: inout HTTPClientRequest) {
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let sessionID { request.headers.add(name: "Mcp-Session-Id", value: sessionID) }
        if let protocolVersion { request.headers.add(name: "MCP-Protocol-Version", value: protocolVersion) }
    }

    /// The message if it answers request `id`; a notification goes to `onNotification` (a request from the server,
    /// such as a ping, is not answered: Tagarela offers the server no capability that needs one).
    private func take(_ message: JSONValue?, id: Int) -> JSONValue? {
        guard let message else { return nil }
        if message["id"]?.intValue == id, message["result"] != nil || message["error"] != nil { return message }
        if message["id"] == nil, let method = message["method"]?.stringValue { onNotification(method) }
        return nil
    }
}
