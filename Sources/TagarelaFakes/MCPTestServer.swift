import Foundation

/// The real MCP servers of `scripts/mcp-for-tests` (`scripts/test` starts them): the official Python SDK serving
/// `Tests/Fixtures/mcp/orders_server.py` over Streamable HTTP, answering as event streams (`TAGARELA_TEST_MCP_URL`)
/// or as JSON (`TAGARELA_TEST_MCP_JSON_URL`), and the python that runs it (`TAGARELA_TEST_MCP_PYTHON`) for the
/// stdio tests. Unset, those tests are skipped, except under `CI=true`, where they fail: a green CI run must have
/// talked to a real MCP server.
public enum MCPTestServer {
    public static let variable = "TAGARELA_TEST_MCP_URL"
    /// Why the MCP tests did not run.
    public static let skipped = """
        TAGARELA_TEST_MCP_URL is not set: the tests against a real MCP server are skipped \
        (eval "$(scripts/mcp-for-tests start)" to run them)
        """

    public static var isEnabled: Bool { value(variable) != nil || MotoS3.isCI }

    static func value(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The URL of the server answering with event streams, or with JSON.
    public static func url(json: Bool = false) throws -> URL {
        let name = json ? "TAGARELA_TEST_MCP_JSON_URL" : variable
        guard let text = value(name), let url = URL(string: text) else { throw Unavailable(name) }
        return url
    }

    /// The python with the SDK, and the server script's arguments for stdio.
    public static func stdioCommand() throws -> (python: URL, arguments: [String]) {
        guard let python = value("TAGARELA_TEST_MCP_PYTHON") else { throw Unavailable("TAGARELA_TEST_MCP_PYTHON") }
        return (URL(fileURLWithPath: python), [try Fixtures.url("mcp/orders_server.py").path, "stdio"])
    }

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
        init(_ name: String) {
            description =
                "\(MotoS3.isCI ? "CI=true but " : "")\(name) is not set: start the servers with "
                + "eval \"$(scripts/mcp-for-tests start)\""
        }
    }
}
