import Foundation

/// The `request` of a tools file's entry, read and checked: method, URL (whose host is fixed by the file, never
/// by a placeholder), headers and JSON body.
struct RequestParts {
    var method: String
    var url: TextTemplate
    var host: String
    var headers: [HTTPToolDeclaration.Header]
    var body: BodyTemplate?

    static func read(
        _ value: JSONValue?, arguments: Set<String>, allowsPlainHTTP: Bool, secret: (String) -> String?,
        problems: inout [String]
    ) -> RequestParts? {
        guard case .object(let fields) = value else {
            problems.append("request: must be a mapping with method and url")
            return nil
        }
        let before = problems.count
        for key in fields.keys.sorted() where !HTTPToolDeclaration.requestFields.contains(key) {
            problems.append(
                "request.\(key): not a request field (one of \(HTTPToolDeclaration.requestFields.joined(separator: ", ")))"
            )
        }
        let method = (fields["method"]?.stringValue ?? "GET").uppercased()
        if !HTTPToolDeclaration.methods.contains(method) {
            problems.append("request.method: must be one of \(HTTPToolDeclaration.methods.joined(separator: ", "))")
        }
        guard let text = fields["url"]?.stringValue else {
            problems.append("request.url: is required")
            return nil
        }
        let url = TextTemplate.parse(text, at: "request.url", arguments: arguments, secret: secret, problems: &problems)
        let host = Self.host(of: url, allowsPlainHTTP: allowsPlainHTTP, problems: &problems)
        var headers: [HTTPToolDeclaration.Header] = []
        if let list = fields["headers"] {
            if case .object(let named) = list {
                for (name, value) in named.sorted(by: { $0.key < $1.key }) {
                    guard let text = value.stringValue,
                        name.range(of: "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$", options: .regularExpression) != nil
                    else {
                        problems.append("request.headers.\(name): must be a header name with a text value")
                        continue
                    }
                    let template = TextTemplate.parse(
                        text, at: "request.headers.\(name)", arguments: arguments, secret: secret,
                        problems: &problems)
                    headers.append(.init(name: name, value: template))
                }
            } else {
                problems.append("request.headers: must map each header's name to its value")
            }
        }
        var body: BodyTemplate?
        if let value = fields["body"] {
            if method == "GET" || method == "DELETE" {
                problems.append("request.body: a \(method) request has no body")
            } else if value.objectValue == nil && value.arrayValue == nil {
                problems.append("request.body: must be a JSON object or array (placeholders inside its strings)")
            } else {
                body = BodyTemplate.parse(
                    value, at: "request.body", arguments: arguments, secret: secret, problems: &problems)
            }
        }
        guard problems.count == before, let host else { return nil }
        return RequestParts(method: method, url: url, host: host, headers: headers, body: body)
    }

    /// The host the URL names in its fixed text: `https://host/` must come before any placeholder, so no argument
    /// can change where the request goes.
    static func host(of url: TextTemplate, allowsPlainHTTP: Bool, problems: inout [String]) -> String? {
        let fixed = url.pieces.count <= 1 && url.whole == nil
        let pattern = fixed ? "^(https?)://([^/?#]+)([/?#]|$)" : "^(https?)://([^/?#]+)[/?#]"
        guard let match = url.prefix.range(of: pattern, options: .regularExpression),
            let components = URLComponents(string: String(url.prefix[match]).trimmingCharacters(in: ["/", "?", "#"])),
            let host = components.host?.lowercased(), !host.isEmpty, components.user == nil
        else {
            problems.append("request.url: must start with https://host/ (no placeholder before the path)")
            return nil
        }
        if components.scheme == "http" && !allowsPlainHTTP {
            problems.append("request.url: must be https (plain http only with allow_private_addresses: true)")
        }
        return host
    }
}
