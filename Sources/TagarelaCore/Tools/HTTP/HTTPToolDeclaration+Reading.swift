import Foundation

extension HTTPToolDeclaration {
    /// The tool names every provider accepts (OpenAI's rule; Gemini's is wider).
    public static let namePattern = "^[a-zA-Z0-9_-]{1,64}$"
    public static let fields: [String] = [
        "name", "description", "parameters", "read_only", "confirm", "timeout_seconds", "allow_private_addresses",
        "request",
    ]
    public static let requestFields: [String] = ["method", "url", "headers", "body"]
    public static let methods: [String] = ["GET", "POST", "PUT", "PATCH", "DELETE"]

    /// Reads one entry of a tools file. Each mistake adds one line to `problems` naming the field; nil when any was
    /// found. `secret` gives a setting's value for `${NAME}`; `maxTimeout` is `TOOL_TIMEOUT_SECONDS`, also the
    /// default.
    public static func read(
        _ value: JSONValue, maxTimeout: Duration, secret: (String) -> String?, problems: inout [String]
    ) -> HTTPToolDeclaration? {
        guard case .object(let fields) = value else {
            problems.append("must be a mapping with name, description, parameters and request")
            return nil
        }
        let before = problems.count
        for key in fields.keys.sorted() where !Self.fields.contains(key) {
            problems.append("\(key): not a tool field (one of \(Self.fields.joined(separator: ", ")))")
        }
        let name = fields["name"]?.stringValue ?? ""
        if name.range(of: namePattern, options: .regularExpression) == nil {
            problems.append(
                "name: must be 1 to 64 letters, digits, _ or - (got \(fields["name"]?.jsonText ?? "nothing"))")
        }
        let description = fields["description"]?.stringValue ?? ""
        if description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append("description: must say what the tool does, for the model")
        }
        let parameters = ToolSchema.read(
            fields["parameters"] ?? ["type": "object", "properties": [:]], at: "parameters", problems: &problems)
        let flags = ["read_only", "confirm", "allow_private_addresses"].map { key -> Bool in
            guard let flag = fields[key] else { return false }
            guard case .bool(let set) = flag else {
                problems.append("\(key): must be true or false")
                return false
            }
            return set
        }
        if flags[0] && flags[1] { problems.append("confirm: a read_only tool has nothing to confirm") }
        var timeout = maxTimeout
        if let seconds = fields["timeout_seconds"] {
            if let number = seconds.number, number > 0, .milliseconds(Int(number * 1000)) <= maxTimeout {
                timeout = .milliseconds(Int(number * 1000))
            } else {
                problems.append(
                    "timeout_seconds: must be a number above 0 and at most TOOL_TIMEOUT_SECONDS "
                        + "(\(maxTimeout.components.seconds)), got \(seconds.jsonText)")
            }
        }
        // The names as written, so a mistake in one argument's schema does not also make its placeholder unknown.
        let arguments = Set((fields["parameters"]?["properties"]?.objectValue ?? [:]).keys)
        let request = RequestParts.read(
            fields["request"], arguments: arguments, allowsPlainHTTP: flags[2], secret: secret, problems: &problems)
        guard problems.count == before, let parameters, let request else { return nil }
        return HTTPToolDeclaration(
            name: name, description: description, parameters: parameters, readOnly: flags[0], confirm: flags[1],
            timeout: timeout, allowsPrivateAddresses: flags[2], method: request.method, url: request.url,
            headers: request.headers, body: request.body, hosts: [request.host])
    }
}
