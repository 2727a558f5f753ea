import Foundation
import Hummingbird
import NIOCore
import TagarelaCore

/// OpenAI's Conversations API (`/v1/conversations`), kept in memory: create (at most 20 items at a time),
/// add items, delete; a response given a `conversation` sees its items and adds its input and output to it.
extension FakeOpenAIHandler {
    static let maxItemsPerCall = 20

    func handleConversation(_ record: inout FakeOpenAI.Request, body: ByteBuffer) async -> Response {
        let failure = await conversationFailure(&record, body: body)
        if let failure { record.rejection = failure.message }
        await state.script.record(record)
        if let failure { return failure.response }
        let parts = record.path.split(separator: "/").map(String.init)  // ["v1", "conversations", id?, "items"?]
        let now = Int(Date().timeIntervalSince1970)
        switch (record.method, parts.count) {
        case ("POST", 2):
            let id = record.conversation ?? ""
            return jsonResponse(
                status: 200,
                ["id": id, "object": "conversation", "created_at": now, "metadata": [String: String]()])
        case ("DELETE", 3):
            return jsonResponse(status: 200, ["id": parts[2], "object": "conversation.deleted", "deleted": true])
        default:
            return jsonResponse(
                status: 200,
                ["object": "list", "data": [Any](), "first_id": NSNull(), "last_id": NSNull(), "has_more": false])
        }
    }

    /// Checks and applies one Conversations API call; the failure OpenAI would answer, else nil.
    private func conversationFailure(_ record: inout FakeOpenAI.Request, body: ByteBuffer) async -> OpenAIFailure? {
        if let failure = authFailure(record) { return failure }
        let parts = record.path.split(separator: "/").map(String.init)
        let id = parts.count > 2 ? parts[2] : nil
        switch (record.method, parts.count) {
        case ("POST", 2):
            let items: [JSONValue]
            switch itemsIn(body, required: false, into: &record) {
            case .failure(let rejection): return rejection.failure
            case .success(let read): items = read
            }
            let newID = Self.identifier("conv_")
            await state.createConversation(newID, items: items)
            record.conversation = newID
            return nil
        case ("POST", 4) where parts[3] == "items":
            guard let id else { return nil }
            switch itemsIn(body, required: true, into: &record) {
            case .failure(let rejection): return rejection.failure
            case .success(let items):
                record.conversation = id
                return await state.append(items, to: id) ? nil : Self.conversationNotFound(id)
            }
        case ("DELETE", 3):
            guard let id else { return nil }
            record.conversation = id
            return await state.deleteConversation(id) ? nil : Self.conversationNotFound(id)
        default:
            return .init(status: 404, message: "Invalid URL (\(record.method) \(record.path))")
        }
    }

    /// `items`: at most 20 valid input items; their images are recorded.
    private func itemsIn(
        _ body: ByteBuffer, required: Bool, into record: inout FakeOpenAI.Request
    ) -> Result<[JSONValue], InputRejection> {
        let object = (try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView)))?.objectValue
        guard let object else {
            return .failure(
                InputRejection(.init(status: 400, message: "We could not parse the JSON body of your request.")))
        }
        if let unknown = object.keys.sorted().first(where: { !["items", "metadata"].contains($0) }) {
            return .failure(
                InputRejection(.invalid("Unknown parameter: '\(unknown)'.", param: unknown, code: "unknown_parameter")))
        }
        let items = object["items"]?.arrayValue ?? []
        if required, items.isEmpty {
            return .failure(
                InputRejection(
                    .invalid("Missing required parameter: 'items'.", param: "items", code: "missing_required_parameter")
                ))
        }
        guard items.count <= Self.maxItemsPerCall else {
            return .failure(
                InputRejection(
                    .invalid(
                        "Invalid 'items': array too long. Expected an array with maximum length 20, but got an array "
                            + "with length \(items.count) instead.", param: "items", code: "array_above_max_length")))
        }
        var scratch = FakeOpenAI.Request(
            method: "POST", path: "", headers: [:], rawJSON: "", model: nil, messages: [], rejection: nil)
        for (index, item) in items.enumerated() {
            do {
                scratch.input.append(try inputItem(item, param: "items[\(index)]"))
            } catch {
                return .failure(error)
            }
        }
        record.images = scratch.input.flatMap(\.images)
        return .success(items)
    }

    static func conversationNotFound(_ id: String) -> OpenAIFailure {
        .init(status: 404, message: "Conversation with id '\(id)' not found.", param: "conversation")
    }

    /// A response's conversation must exist, and each tool answer must follow its call there or in the input.
    func checkConversation(_ id: String, _ record: inout FakeOpenAI.Request) async -> OpenAIFailure? {
        guard let items = await state.conversations[id] else { return Self.conversationNotFound(id) }
        record.conversationItemsBefore = items.count
        record.conversationWords = items.reduce(0) { $0 + Self.words(in: $1.jsonText) }
        // The model reads the conversation's messages before the input: so do the responders.
        let earlier = items.compactMap { item -> FakeOpenAI.Request.Message? in
            guard let role = item["role"]?.stringValue, let content = item["content"] else { return nil }
            let text = content.stringValue ?? (content.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined()
            return .init(role: role, content: text)
        }
        record.messages = earlier + record.messages
        var calls = Set(items.compactMap { $0["type"] == "function_call" ? $0["call_id"]?.stringValue : nil })
        // A conversation goes on only once every call in it has its output.
        let answered = Set(
            items.compactMap { $0["type"] == "function_call_output" ? $0["call_id"]?.stringValue : nil }
                + record.input.compactMap { $0.type == "function_call_output" ? $0.callID : nil })
        if let dangling = calls.subtracting(answered).sorted().first {
            return .invalid(
                "No tool output found for function call \(dangling).", param: "input", code: "invalid_value")
        }
        for item in record.input {
            if item.type == "function_call", let callID = item.callID { calls.insert(callID) }
            if item.type == "function_call_output", let callID = item.callID, !calls.contains(callID) {
                return .invalid(
                    "No tool call found for function call output with call_id \(callID).", param: "input",
                    code: "invalid_value")
            }
        }
        return nil
    }

    /// Answers like `respond`, and adds the request's input and the response's output to the conversation.
    func respondInConversation(
        _ reply: FakeOpenAI.Reply, to request: FakeOpenAI.Request, gate: StopGate
    ) async -> Response {
        let answer: FakeOpenAI.ResponsesAnswer
        switch reply {
        case .text(let text): answer = .completed(text)
        case .response(let scripted): answer = scripted
        default: return await respond(reply, to: request, gate: gate)
        }
        var body = responseObject(answer, for: request)
        body["conversation"] = ["id": request.conversation ?? ""]
        let input = (try? JSONDecoder().decode(JSONValue.self, from: Data(request.rawJSON.utf8)))?["input"]
        let inputItems = input?.arrayValue ?? input.map { [["role": "user", "content": $0]] } ?? []
        let outputData = (try? JSONSerialization.data(withJSONObject: body["output"] ?? [])) ?? Data("[]".utf8)
        let outputItems = (try? JSONDecoder().decode([JSONValue].self, from: outputData)) ?? []
        if let id = request.conversation, answer.status != "failed" {
            _ = await state.append(inputItems + outputItems, to: id)
        }
        return jsonResponse(status: 200, body)
    }
}
