import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore
import TagarelaCore

/// Checks one request the way OpenAI does, records it, and answers with the scripted reply.
struct FakeOpenAIHandler: Sendable {
    let apiKey: String?
    let state: FakeOpenAI.State

    static let roles: Set<String> = ["system", "developer", "user", "assistant", "tool"]

    func handle(_ request: HummingbirdCore.Request, gate: StopGate) async -> Response {
        // Room for a WhatsApp photo (5 MB) or document sent inline, base64 making it a third larger.
        let body = await FakeServer.body(of: request, upTo: 32 << 20)
        let headers = FakeServer.headers(of: request)
        var record = FakeOpenAI.Request(
            method: request.method.rawValue,
            path: request.uri.path,
            headers: headers,
            rawJSON: String(buffer: body),
            model: nil,
            messages: [],
            rejection: nil
        )
        if record.path == "/v1/conversations" || record.path.hasPrefix("/v1/conversations/") {
            return await handleConversation(&record, body: body)
        }
        if record.method == "GET", record.path == "/v1/models" { return await listModels(&record) }
        var failure = validate(&record, body: body)
        if failure == nil, let conversation = record.conversation {
            failure = await checkConversation(conversation, &record)
        }
        if let failure {
            record.rejection = failure.message
            await state.script.record(record)
            return failure.response
        }
        await state.script.record(record)
        let reply = await state.script.reply(to: record)
        if record.conversation != nil { return await respondInConversation(reply, to: record, gate: gate) }
        return await respond(reply, to: record, gate: gate)
    }

    /// OpenAI's answer to a missing or wrong key; nil when the key is right (or none is wanted).
    func authFailure(_ record: FakeOpenAI.Request) -> OpenAIFailure? {
        OpenAIFailure.authentication(expected: apiKey, given: record.authorization)
    }

    /// Auth first, then route, content type and body; fills in the decoded fields as it goes.
    func validate(_ record: inout FakeOpenAI.Request, body: ByteBuffer) -> OpenAIFailure? {
        if let failure = authFailure(record) { return failure }
        guard record.method == "POST", let endpoint = record.endpoint else {
            return .init(status: 404, message: "Invalid URL (\(record.method) \(record.path))")
        }
        let contentType = record.headers["content-type"] ?? ""
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) }
        guard mediaType?.lowercased() == "application/json" else {
            return .init(
                status: 400,
                message: "Unsupported content type: '\(contentType)'. This API method only accepts "
                    + "'application/json' requests."
            )
        }
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView)),
            case .object(let object) = json
        else {
            return .init(status: 400, message: "We could not parse the JSON body of your request.")
        }
        return endpoint == .responses
            ? validateResponsesBody(object, into: &record) : validateBody(object, into: &record)
    }

    /// The fields a chat completion needs, typed as strictly as OpenAI types them.
    func validateBody(_ object: [String: JSONValue], into record: inout FakeOpenAI.Request) -> OpenAIFailure? {
        guard case .string(let model) = object["model"], !model.isEmpty else {
            return .init(status: 400, message: "you must provide a model parameter")
        }
        record.model = model
        guard case .array(let items) = object["messages"] else {
            return .invalid(
                "Missing required parameter: 'messages'.", param: "messages", code: "missing_required_parameter")
        }
        guard !items.isEmpty else {
            return .invalid("Invalid 'messages': empty array.", param: "messages", code: "empty_array")
        }
        if let failure = validateChatMessages(items, into: &record) { return failure }
        if let failure = validateTools(object, nested: true, into: &record) { return failure }
        for key in ["max_tokens", "max_completion_tokens"] where object[key] != nil && object[key] != .null {
            guard case .int(let value) = object[key], value >= 1 else {
                return .invalid("Invalid '\(key)': expected an integer >= 1.", param: key, code: "invalid_value")
            }
            if key == "max_tokens" { record.maxTokens = value } else { record.maxCompletionTokens = value }
        }
        if let temperature = object["temperature"], temperature != .null {
            guard let value = temperature.number, (0...2).contains(value) else {
                return .invalid("Invalid 'temperature': expected 0 to 2.", param: "temperature", code: "invalid_value")
            }
            record.temperature = value
        }
        return nil
    }
}
