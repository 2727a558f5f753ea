import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore
import TagarelaCore

/// Checks one request the way Gemini does (and a little stricter), records it, and answers with the scripted reply.
struct FakeGeminiHandler: Sendable {
    let apiKey: String
    let state: FakeGemini.State

    static let pathPrefix = "/v1beta/models/"
    static let pathSuffix = ":generateContent"

    func handle(_ request: HummingbirdCore.Request, gate: StopGate) async -> Response {
        // Room for a WhatsApp photo (5 MB) or document sent inline, base64 making it a third larger.
        let body = await FakeServer.body(of: request, upTo: 32 << 20)
        let headers = FakeServer.headers(of: request)
        var record = FakeGemini.Request(
            method: request.method.rawValue,
            path: request.uri.path,
            query: request.uri.query,
            headers: headers,
            rawJSON: String(buffer: body),
            model: nil,
            systemInstruction: nil,
            contents: [],
            rejection: nil
        )
        let issued = await state.signatures
        if record.method == "GET", let model = Self.modelResource(in: record.path) {
            return await getModel(model, &record)
        }
        if let failure = validate(&record, body: body) ?? Self.checkSignatures(record, issued: issued) {
            record.rejection = failure.message
            await state.script.record(record)
            return failure.response
        }
        await state.script.record(record)
        return await respond(await state.script.reply(to: record), to: record, gate: gate)
    }

    /// The key in the URL first (refused outright), then route, key header, content type and body.
    func validate(_ record: inout FakeGemini.Request, body: ByteBuffer) -> GeminiFailure? {
        let queryNames = (record.query ?? "").split(separator: "&").map { $0.split(separator: "=").first ?? "" }
        if queryNames.contains("key") {
            // Google accepts `?key=`; Tagarela must not use it, since URLs end up in logs.
            return .invalidArgument("This fake refuses an API key in the URL (?key=); send x-goog-api-key.")
        }
        guard let model = Self.model(in: record.path), record.method == "POST" else {
            let resource = record.path.hasPrefix("/v1beta/") ? String(record.path.dropFirst(8)) : record.path
            return .init(
                status: 404,
                rpcStatus: "NOT_FOUND",
                message: "\(record.method) \(resource) is not found for API version v1beta, or is not supported "
                    + "for generateContent. Call ListModels to see the list of available models and their "
                    + "supported methods."
            )
        }
        record.model = model
        if let failure = GeminiFailure.key(given: record.apiKey, expected: apiKey) { return failure }
        let contentType = record.headers["content-type"] ?? ""
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) }
        guard mediaType?.lowercased() == "application/json" else {
            return .invalidArgument("Invalid content type '\(contentType)': this fake takes only application/json.")
        }
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView)),
            case .object(let object) = json
        else {
            return .invalidArgument("Invalid JSON payload received. Unexpected token.")
        }
        return validateBody(object, into: &record)
    }

    /// `gemini-x` from `/v1beta/models/gemini-x:generateContent`; nil for any other path, `models/models/…`
    /// included.
    static func model(in path: String) -> String? {
        guard path.hasPrefix(pathPrefix), path.hasSuffix(pathSuffix) else { return nil }
        let model = path.dropFirst(pathPrefix.count).dropLast(pathSuffix.count)
        guard !model.isEmpty, !model.contains("/"), !model.contains(":") else { return nil }
        return String(model)
    }
}
