import Foundation
import TagarelaCore
import TagarelaProviders

extension MCPSettings {
    /// What a command started for an MCP server gets of Tagarela's environment: nothing that holds a secret.
    static let passedEnvironment = ["PATH", "HOME", "LANG", "LC_ALL", "TZ"]

    /// One server of the setting, checked: its URL or command, headers and environment with `${NAME}` expanded
    /// from the settings, and the tools the operator vouches for.
    static func server(_ name: String, _ entry: JSONValue, reader: EnvironmentReader, loopback: Bool)
        throws(ConfigurationError) -> MCPServerConfig
    {
        guard case .object(let fields) = entry else {
            throw problem("\(name) must be an object with \"url\" or \"command\"")
        }
        let known: Set = ["url", "headers", "command", "env", "readOnly", "confirm"]
        if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) {
            throw problem(
                "\(name) has \(ConfigurationError.quoted(unknown)); it takes url, headers, command, env, readOnly, confirm"
            )
        }
        let endpoint: MCPServerConfig.Endpoint
        switch (fields["url"]?.stringValue, fields["command"]) {
        case (let url?, nil):
            endpoint = .http(
                url: try httpURL(name, url, loopback: loopback),
                headers: try strings(name, "headers", fields["headers"], reader: reader))
        case (nil, let command?):
            let words: [String] =
                switch command {
                case .string(let line): line.split(separator: " ").map(String.init)
                case .array(let items): items.compactMap(\.stringValue)
                default: []
                }
            guard let first = words.first else { throw problem("\(name): command must name a program") }
            var environment = try strings(name, "env", fields["env"], reader: reader)
            for variable in passedEnvironment where environment[variable] == nil {
                environment[variable] = reader.string(variable)
            }
            endpoint = .stdio(
                executable: try executable(name, first, path: reader.string("PATH")),
                arguments: Array(words.dropFirst()), environment: environment)
        default:
            throw problem("\(name) must have either \"url\" or \"command\"")
        }
        let readOnly: MCPServerConfig.ReadOnly =
            switch fields["readOnly"] {
            case nil: .hints
            case .bool(true): .all
            case .bool(false): .hints
            case .array(let names): .named(Set(names.compactMap(\.stringValue)))
            default: throw problem("\(name): readOnly must be true or a list of tool names")
            }
        let confirm = fields["confirm"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if fields["confirm"] != nil, fields["confirm"]?.arrayValue == nil {
            throw problem("\(name): confirm must be a list of tool names")
        }
        return MCPServerConfig(name: name, endpoint: endpoint, readOnly: readOnly, confirm: Set(confirm))
    }

    /// https, or plain http to this machine with `OUTBOUND_ALLOW_LOOPBACK` (the outbound policy checks again at
    /// every connection).
    static func httpURL(_ name: String, _ text: String, loopback: Bool) throws(ConfigurationError) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty,
            url.user == nil
        else { throw problem("\(name): \(ConfigurationError.quoted(text)) is not an http(s) URL with a host") }
        let local = host == "localhost" || host.hasPrefix("127.") || host == "[::1]" || host == "::1"
        guard scheme == "https" || (scheme == "http" && loopback && local) else {
            throw problem(
                "\(name): \(ConfigurationError.quoted(text)) must be https (plain http reaches only this machine, "
                    + "with OUTBOUND_ALLOW_LOOPBACK=true)")
        }
        return url
    }

    /// A JSON object of strings, each `${NAME}` replaced by the setting `NAME` (never by anything the model wrote).
    static func strings(_ name: String, _ field: String, _ value: JSONValue?, reader: EnvironmentReader)
        throws(ConfigurationError) -> [String: String]
    {
        guard let value else { return [:] }
        guard case .object(let object) = value else { throw problem("\(name): \(field) must be an object of strings") }
        var result: [String: String] = [:]
        for (key, item) in object {
            guard let text = item.stringValue else { throw problem("\(name): \(field).\(key) must be a string") }
            result[key] = try expand(text, in: "\(name): \(field).\(key)", reader: reader)
        }
        return result
    }

    /// `text` with each `${NAME}` replaced by that setting; one that is not set stops start-up.
    static func expand(_ text: String, in place: String, reader: EnvironmentReader) throws(ConfigurationError)
        -> String
    {
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw problem("\(place) has a ${ without its }")
            }
            let variable = String(rest[start.upperBound..<end])
            guard let value = reader.string(variable) else {
                throw problem("\(place) names ${\(variable)}, which is not set")
            }
            result += value
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }

    /// The program: a path, or a name found on `PATH` (posix_spawn does not search it).
    static func executable(_ name: String, _ program: String, path: String?) throws(ConfigurationError) -> URL {
        let candidates =
            program.contains("/")
            ? [program] : (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map { "\($0)/\(program)" }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw problem("\(name): \(ConfigurationError.quoted(program)) is not a program that can be run")
        }
        return URL(fileURLWithPath: found)
    }
}
