import TagarelaCore

/// One way of exchanging JSON-RPC 2.0 messages with an MCP server (Streamable HTTP, or stdio for a local command),
/// as the Model Context Protocol's transports define it: https://modelcontextprotocol.io/specification/2025-06-18/basic/transports
///
/// We speak the protocol with small types of our own rather than the official Swift SDK: on Linux its HTTP client
/// has no server-sent events and goes around AsyncHTTPClient (and so around the outbound policy), and the three
/// methods Tagarela needs (initialize, tools/list, tools/call) take a few dozen lines.
public protocol MCPTransport: Sendable {
    /// Sends a request (`id` is its JSON-RPC id) and returns the response message that carries the same id.
    func send(request: JSONValue, id: Int) async throws -> JSONValue
    /// Sends a notification, which has no answer.
    func send(notification: JSONValue) async throws
    /// The protocol version agreed in `initialize`, which Streamable HTTP repeats in a header on later requests.
    func agreed(protocolVersion: String) async
    /// Ends the session (HTTP) or the child process (stdio).
    func close() async
}

/// Why a conversation with an MCP server failed.
public enum MCPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server answered with an HTTP status other than success.
    case http(status: Int, body: String)
    /// The server no longer knows our session (HTTP 404 to a request that carried it): initialize again.
    case sessionExpired
    /// A JSON-RPC error answer.
    case rpc(code: Int, message: String)
    /// The server broke the protocol (an unreadable answer, a stream that ended without the response).
    case protocolViolation(String)
    /// The connection or the child process is gone.
    case closed(String)

    public var description: String {
        switch self {
        case .http(let status, let body): "HTTP \(status)" + (body.isEmpty ? "" : ": \(body)")
        case .sessionExpired: "the MCP server no longer knows the session"
        case .rpc(let code, let message): "\(message) (JSON-RPC error \(code))"
        case .protocolViolation(let problem): "the MCP server broke the protocol: \(problem)"
        case .closed(let why): "the MCP server is gone: \(why)"
        }
    }

    /// An answer from the server about this request, as opposed to a server we could not talk to.
    var isAnswer: Bool {
        if case .rpc = self { return true }
        return false
    }
}
