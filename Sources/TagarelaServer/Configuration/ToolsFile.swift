import Foundation
import TagarelaCore
import Yams

/// `TOOLS_FILE`: the business's own HTTP tools, in YAML or JSON (which YAML reads too), under a top-level `tools:`
/// list, and MCP servers under `mcp_servers:` (read as `MCP_SERVERS` is). The whole file is checked at start-up and every mistake reported, one line each naming the file, the tool
/// and the field; any mistake stops start-up.
enum ToolsFile {
    static let sections: Set<String> = ["tools", "mcp_servers"]

    /// The file read and parsed once: its sections by name (at least one of `tools:` and `mcp_servers:`).
    static func read(path: String) throws(ConfigurationError) -> [String: JSONValue] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(
                setting: "TOOLS_FILE", message: "TOOLS_FILE \(ConfigurationError.quoted(path)) cannot be read")
        }
        let document: JSONValue
        do {
            document = try Self.json(Yams.load(yaml: String(decoding: data, as: UTF8.self)))
        } catch {
            let reason = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
            throw failure(path, ["not valid YAML or JSON: \(reason)"])
        }
        guard case .object(let top) = document, top["tools"] != nil || top["mcp_servers"] != nil else {
            throw failure(path, ["must hold a list under tools: or servers under mcp_servers:"])
        }
        return top
    }

    /// Every mistake as one line naming the file.
    static func failure(_ path: String, _ lines: [String]) -> ConfigurationError {
        let file = (path as NSString).lastPathComponent
        return ConfigurationError(
            setting: "TOOLS_FILE", message: lines.map { "TOOLS_FILE \(file): \($0)" }.joined(separator: "\n"))
    }

    /// The `mcp_servers:` section, in `MCP_SERVERS`' JSON form (`{name: {url: …} | {command: […]}}`), by name.
    static func mcpServers(path: String, top: [String: JSONValue]) throws(ConfigurationError) -> [(String, JSONValue)] {
        guard let section = top["mcp_servers"] else { return [] }
        guard case .object(let servers) = section else {
            throw failure(path, ["mcp_servers: must map server names to {url: …} or {command: […]}"])
        }
        return servers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The file's tools; `secret` expands `${NAME}` from Tagarela's settings, `builtIn` names the tools Tagarela
    /// ships (which a file's tool may not take).
    static func load(
        path: String, top: [String: JSONValue], maxTimeout: Duration, builtIn: Set<String>,
        secret: (String) -> String?
    ) throws(ConfigurationError) -> [HTTPToolDeclaration] {
        var problems = top.keys.sorted().filter { !sections.contains($0) }.map { "\($0): not a section of the file" }
        var entries: [JSONValue] = []
        switch top["tools"] {
        case nil: break
        case .array(let list)?: entries = list
        default: problems.append("tools: must be a list")
        }
        var tools: [HTTPToolDeclaration] = []
        var seen: Set<String> = []
        for (index, entry) in entries.enumerated() {
            let label = entry["name"]?.stringValue.map { "tool \($0)" } ?? "tool \(index + 1)"
            var found: [String] = []
            // A setting the file names but nobody set does not stop start-up (the example ships without keys): the
            // tool is listed, a warning names the setting, and its calls are refused before any request.
            var unset: [String] = []
            func expand(_ name: String) -> String? {
                if let value = secret(name) { return value }
                if !unset.contains(name) { unset.append(name) }
                return ""
            }
            if var tool = HTTPToolDeclaration.read(entry, maxTimeout: maxTimeout, secret: expand, problems: &found) {
                tool.unsetSettings = unset
                if builtIn.contains(tool.name) {
                    found.append("name: \(tool.name) is one of Tagarela's own tools")
                } else if !seen.insert(tool.name).inserted {
                    found.append("name: \(tool.name) is declared twice")
                } else {
                    tools.append(tool)
                }
            }
            problems += found.map { "\(label): \($0)" }
        }
        guard problems.isEmpty else { throw failure(path, problems) }
        return tools
    }

    /// What Yams read, as JSON: YAML's own types (a quoted "42" stays text, a plain 42 is a number).
    static func json(_ value: Any?) throws -> JSONValue {
        switch value {
        case nil, is NSNull: return .null
        case let value as Bool: return .bool(value)
        case let value as Int: return .int(value)
        case let value as Double: return .double(value)
        case let value as String: return .string(value)
        case let value as [Any]: return .array(try value.map(json))
        case let value as [AnyHashable: Any]:
            var object: [String: JSONValue] = [:]
            for (key, member) in value { object["\(key.base)"] = try json(member) }
            return .object(object)
        default: return .string(value.map { "\($0)" } ?? "")
        }
    }
}
