import Foundation

/// A business's own tool: each call checks the limits and the model's arguments against the declared schema (a
/// bad call makes no request), renders the declared request with the arguments and the contact's fixed values,
/// sends it through the outbound policy, and gives the model the answer as data: `{"status": 200, "body": …}`, or
/// `{"error": …}` for an error status, a timeout or a refusal.
public struct HTTPTool: Tool {
    public let declaration: HTTPToolDeclaration
    let client: any ToolHTTPClient
    let limits: ToolCallLimits?
    /// `TOOL_RESPONSE_MAX_BYTES`.
    let maxResponseBytes: Int

    public init(
        _ declaration: HTTPToolDeclaration, client: any ToolHTTPClient, limits: ToolCallLimits?, maxResponseBytes: Int
    ) {
        self.declaration = declaration
        self.client = client
        self.limits = limits
        self.maxResponseBytes = maxResponseBytes
    }

    public var definition: ToolDefinition { declaration.definition }
    public var kind: ToolKind { declaration.kind }

    public func run(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let problems = declaration.parameters.problems(with: arguments)
        guard problems.isEmpty else {
            throw ToolError("invalid arguments, no request was made: " + problems.joined(separator: "; "))
        }
        guard declaration.unsetSettings.isEmpty else {
            let names = declaration.unsetSettings.joined(separator: ", ")
            throw ToolError("this tool is not set up yet (\(names) not set): no request was made")
        }
        try await limits?.check(context)
        let request = try self.request(for: arguments.objectValue ?? [:], context: context)
        let response: ToolHTTPResponse
        do {
            response = try await client.send(request)
        } catch let error as ToolError {
            throw error
        } catch {
            throw ToolError("the request failed: \(error)")
        }
        let body = Self.data(response)
        guard (200..<300).contains(response.status) else {
            return ToolOutput(
                result: ["error": .string("the service answered HTTP \(response.status)"), "body": body],
                status: response.status)
        }
        return ToolOutput(result: ["status": .int(response.status), "body": body], status: response.status)
    }

    /// The request for one call: arguments percent-encoded in the URL, as text in headers, as JSON in the body;
    /// `Idempotency-Key` from the journal for a call with a side effect.
    func request(for arguments: [String: JSONValue], context: ToolContext) throws -> ToolHTTPRequest {
        let url = declaration.url.render(arguments: arguments, contact: context.contact) {
            $0.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? ""
        }
        var headers: [(name: String, value: String)] = []
        for header in declaration.headers {
            let value = header.value.render(arguments: arguments, contact: context.contact)
            // A line break would start another header (request splitting).
            guard !value.contains(where: { $0 == "\r" || $0 == "\n" }) else {
                throw ToolError("invalid arguments, no request was made: a line break in header \(header.name)")
            }
            headers.append((header.name, value))
        }
        var body: Data?
        if let template = declaration.body {
            body = Data(template.render(arguments: arguments, contact: context.contact).jsonText.utf8)
            if !headers.contains(where: { $0.name.lowercased() == "content-type" }) {
                headers.append(("Content-Type", "application/json"))
            }
        }
        if let key = context.idempotencyKey { headers.append(("Idempotency-Key", key)) }
        return ToolHTTPRequest(
            method: declaration.method, url: url, headers: headers, body: body, hosts: declaration.hosts,
            timeout: declaration.timeout, allowsPrivateAddresses: declaration.allowsPrivateAddresses,
            maxBytes: maxResponseBytes)
    }

    /// RFC 3986's unreserved characters: everything else an argument holds is percent-encoded, so it stays one
    /// path segment or query value.
    static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// The body as the model should read it: parsed JSON when it is JSON, else its text.
    static func data(_ response: ToolHTTPResponse) -> JSONValue {
        let text = String(decoding: response.body, as: UTF8.self)
        if response.contentType?.lowercased().contains("json") == true, let value = JSONValue(parsing: text) {
            return value
        }
        return .string(text)
    }
}
