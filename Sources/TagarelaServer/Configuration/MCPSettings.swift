import Foundation
import TagarelaCore
import TagarelaProviders

/// The MCP servers whose tools the model may call (`MCP_SERVERS`) and how often their tools are listed again
/// (`MCP_REFRESH_SECONDS`).
public struct MCPSettings: Sendable, Equatable {
    public var servers: [MCPServerConfig] = []
    public var refreshInterval: Duration = .seconds(300)
}

extension MCPSettings {
    /// A server name is the prefix of its tools: no `_` (the separator), and short enough to leave room for them.
    static func isServerName(_ name: String) -> Bool {
        (1...32).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    /// `loopback`: `OUTBOUND_ALLOW_LOOPBACK`, without which an HTTP server must be https. `fileServers`: the
    /// servers of `TOOLS_FILE`'s `mcp_servers:`, read as `MCP_SERVERS`' JSON form is, after its own.
    init(_ reader: EnvironmentReader, loopback: Bool, fileServers: [(String, JSONValue)] = [])
        throws(ConfigurationError)
    {
        refreshInterval = try reader.seconds("MCP_REFRESH_SECONDS", default: 300, in: 10...86_400)
        var entries = fileServers
        if let raw = reader.string("MCP_SERVERS") {
            entries = try (raw.hasPrefix("{") ? Self.jsonEntries(raw) : Self.shortEntries(raw)) + fileServers
        }
        for (name, entry) in entries {
            guard Self.isServerName(name) else {
                throw Self.problem(
                    "server name \(ConfigurationError.quoted(name)) must be 1 to 32 letters, digits or -")
            }
            guard !servers.contains(where: { $0.name == name }) else {
                throw Self.problem("the server name \(ConfigurationError.quoted(name)) is given twice")
            }
            servers.append(try Self.server(name, entry, reader: reader, loopback: loopback))
        }
    }

    /// `name=https://host/mcp,name=stdio:/path/command args`.
    static func shortEntries(_ raw: String) throws(ConfigurationError) -> [(String, JSONValue)] {
        var entries: [(String, JSONValue)] = []
        for item in raw.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            guard let equals = item.firstIndex(of: "=") else {
                throw .invalid(
                    "MCP_SERVERS", mustBe: "name=https://host/mcp or name=stdio:/path/to/command args, comma-separated",
                    got: item)
            }
            let name = String(item[..<equals]).trimmingCharacters(in: .whitespaces)
            let target = String(item[item.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            if target.hasPrefix("stdio:") {
                let words = target.dropFirst("stdio:".count).split(separator: " ").map { JSONValue.string(String($0)) }
                entries.append((name, ["command": .array(words)]))
            } else {
                entries.append((name, ["url": .string(target)]))
            }
        }
        return entries
    }

    /// `{"name": {"url": …, "headers": {…}} | {"command": […], "env": {…}}, …}`, by name (a JSON object has no
    /// order).
    static func jsonEntries(_ raw: String) throws(ConfigurationError) -> [(String, JSONValue)] {
        guard case .object(let object) = JSONValue(parsing: raw) else {
            throw problem("not a JSON object of servers ({\"name\": {\"url\": \"https://…\"}})")
        }
        return object.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// One line naming the setting.
    static func problem(_ message: String) -> ConfigurationError {
        ConfigurationError(setting: "MCP_SERVERS", message: "MCP_SERVERS: \(message)")
    }
}

extension MCPSettings {
    /// `name=url (headers: A, B)` or `name=stdio:program args` per server; header and environment values are never
    /// shown (they hold the secrets).
    var summary: String {
        guard !servers.isEmpty else { return "(not set)" }
        return servers.map { server in
            switch server.endpoint {
            case .http(let url, let headers):
                "\(server.name)=\(Configuration.shown(url))"
                    + (headers.isEmpty ? "" : " (headers: \(headers.keys.sorted().joined(separator: ", ")))")
            case .stdio(let executable, let arguments, _):
                "\(server.name)=stdio:" + ([executable.path] + arguments).joined(separator: " ")
            }
        }.joined(separator: ", ")
    }
}
