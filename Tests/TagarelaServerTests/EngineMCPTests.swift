import Foundation
import Logging
import TagarelaCore
import TagarelaFakes
import TagarelaProviders
import Testing

@testable import TagarelaServer

/// The composition root's MCP toolbox: HTTP servers only under the outbound policy.
@Suite("MCP servers under the outbound policy", .timeLimit(.minutes(3)))
struct EngineMCPTests {
    @Test("a server whose address is private is refused before any connection: no tools, and the log says why")
    func privateAddressRefused() async throws {
        // An address literal resolves without asking anyone, and the policy refuses it before connecting.
        let configuration = try Configuration.load(environment: ["MCP_SERVERS": "inside=https://10.1.2.3/mcp"])
        let logs = LogCapture()
        let toolbox = try #require(
            Engine.makeMCP(configuration, timeSource: SystemTimeSource(), logger: logs.logger()))
        await toolbox.refreshAll()
        #expect(await toolbox.currentTools().isEmpty)
        #expect(
            logs.lines.contains {
                $0.metadata["server"] == "inside" && $0.everything.contains("refused a request to 10.1.2.3")
            })
    }

    @Test("no MCP_SERVERS, or LLM_TOOLS=none, no toolbox")
    func none() throws {
        let noTools = try Configuration.load(environment: [
            "MCP_SERVERS": "a=https://mcp.example.com/mcp", "LLM_TOOLS": "none",
        ])
        #expect(noTools.warnings.contains { $0.hasPrefix("MCP_SERVERS is ignored") })
        #expect(Engine.makeMCP(noTools, timeSource: SystemTimeSource(), logger: Logger(label: "t")) == nil)
        #expect(
            Engine.makeMCP(
                try Configuration.load(environment: [:]), timeSource: SystemTimeSource(), logger: .init(label: "t"))
                == nil)
    }
}
