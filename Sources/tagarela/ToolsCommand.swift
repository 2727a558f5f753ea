import ArgumentParser
import Foundation
import TagarelaCore
import TagarelaServer

/// `tagarela tools`: the tools the model may call, and one call tried from the terminal.
struct ToolsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tools",
        abstract: "List the tools the model may call (built-in, TOOLS_FILE's and MCP servers'), or try one.",
        subcommands: [List.self, Call.self])

    struct Options: ParsableArguments {
        @Option(help: "A .env file to read instead of ./.env.")
        var envFile: String?

        @Option(help: "Seconds each MCP server has to connect, and as many to list its tools.")
        var mcpTimeout: Int = 5
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the enabled tools: name, where it comes from, its kind and the hosts it may reach.",
            discussion: """
                MCP_SERVERS' servers are reached to list their tools, each with --mcp-timeout seconds to connect \
                and as long to list; a server not reached is listed as such.
                """)

        @OptionGroup var options: Options

        func run() async throws {
            let configuration = try loadConfiguration(envFile: options.envFile)
            for warning in configuration.warnings where warning.hasPrefix("TOOLS_FILE") {
                FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
            }
            let servers = await configuration.listMCPServers(timeout: .seconds(options.mcpTimeout))
            for tool in configuration.tools.listing + servers.flatMap({ $0.tools ?? [] }) {
                ToolsCommand.write(
                    "\(tool.name)\t\(tool.origin)\t\(tool.kind)\t\(tool.hosts.isEmpty ? "-" : tool.hosts.joined(separator: ","))\n"
                )
            }
            for server in servers {
                let state = server.tools.map { "\($0.count) tools offered" } ?? "not reached"
                ToolsCommand.write("MCP server \(server.name)\t\(server.transport)\t\(server.host)\t\(state)\n")
            }
        }
    }

    struct Call: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Call one tool with JSON arguments and print what the model would be given.",
            discussion: """
                The arguments are checked against the tool's schema first; a file's tool then makes its real \
                request, through the same outbound rules as in a conversation, for a test contact (change its \
                phone number with --contact); an MCP server's tool is called on its server, reached with \
                --mcp-timeout. Effects of built-in tools (a remembered fact) are not kept.
                """)

        @Argument(help: "The tool's name.")
        var name: String

        @Argument(help: "The arguments, a JSON object.")
        var arguments: String = "{}"

        @Option(help: "The test contact's phone number, as {contact.phone} sends it.")
        var contact: String = "+5511999990000"

        @OptionGroup var options: Options

        func run() async throws {
            let configuration = try loadConfiguration(envFile: options.envFile)
            guard let parsed = JSONValue(parsing: arguments) else {
                throw StartupFailure("the arguments are not JSON: \(arguments)")
            }
            let builtIn = configuration.tools.trialRegistry(handoffNotice: configuration.texts.humanHandoff)
            let now = Date()
            let person = Contact(
                id: 0, phone: contact, userID: nil, localID: nil, profileName: "Test contact",
                replyChannel: .playground,
                replyAddress: contact, firstSeenAt: now, lastSeenAt: now, inboundCount: 0, outboundCount: 0,
                optedOut: false)
            let (name, arguments) = (name, parsed)
            let (output, record) = try await configuration.withMCPTools(
                builtIn, timeout: .seconds(options.mcpTimeout)
            ) { registry in
                guard registry.tools.contains(where: { $0.definition.name == name }) else {
                    throw StartupFailure("no enabled tool named \(name) (tagarela tools list shows them)")
                }
                return await registry.run(
                    ToolCall(id: "cli", name: name, arguments: arguments),
                    context: ToolContext(contact: person, facts: [], now: now))
            }
            ToolsCommand.write(output.result.jsonText + "\n")
            let status = record.status.map { "HTTP \($0), " } ?? ""
            FileHandle.standardError.write(Data("\(status)\(record.milliseconds) ms\n".utf8))
            if record.error != nil { throw ExitCode(1) }
        }
    }
}
