import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore

/// Checks one request the way Twilio does, then plays the scripted outcome or accepts the message.
struct FakeTwilioHandler: Sendable {
    let accountSID: String
    let authToken: String
    let state: FakeTwilio.State

    func handle(_ request: HummingbirdCore.Request, gate: StopGate) async -> Response {
        await state.countRequest()
        let bytes = await FakeServer.body(of: request, upTo: 1 << 20)
        let path = request.uri.path
        let form = TwilioForm.decode(String(buffer: bytes))
        if request.method == .get, let response = await media(request, path: path) { return response }
        let authorization = request.headers[.authorization]
        let contentType = request.headers[.contentType]
        let to = form?["To"]?.first
        func reject(_ error: TwilioError) async -> Response {
            await state.reject(.init(status: error.status, code: error.code, reason: error.message, path: path, to: to))
            return error.response
        }
        if request.method == .get, let response = await account(path: path, query: request.uri.query, authorization) {
            return response
        }
        if let error = check(method: request.method.rawValue, path: path, authorization: authorization) {
            return await reject(error)
        }
        if request.method == .get {
            return await list(query: request.uri.query ?? "")
        }
        guard contentType?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true, let form else {
            return await reject(.init(400, 20001, "Bad request: send application/x-www-form-urlencoded parameters"))
        }
        if let error = TwilioForm.check(form) {
            return await reject(error)
        }
        switch await state.nextOutcome() {
        case .error(let status, let code, let message, let retryAfter):
            return await reject(.init(status, code, message, retryAfter: retryAfter))
        case .hang:
            await state.reject(.init(status: 0, code: 0, reason: "scripted hang", path: path, to: to))
            await gate.wait()
            return TwilioError(503, 20500, "The fake server is stopping").response
        case .delayed(let duration):
            try? await Task.sleep(for: duration)
        case .acceptThenHang:
            // Twilio took the message, but its answer is lost on the way back.
            _ = await state.accept(sent(form, to: to, authorization: authorization, contentType: contentType))
            await gate.wait()
            return TwilioError(503, 20500, "The fake server is stopping").response
        case nil:
            break
        }
        if let to, await state.isOptedOut(to) {
            return await reject(.init(400, 21610, "Attempt to send to unsubscribed recipient"))
        }
        let message = await state.accept(sent(form, to: to, authorization: authorization, contentType: contentType))
        return jsonResponse(status: 201, TwilioForm.messageResource(message, accountSID: accountSID, form: form))
    }

    private func sent(
        _ form: [String: [String]], to: String?, authorization: String?, contentType: String?
    ) -> FakeTwilio.Sent {
        FakeTwilio.Sent(
            sid: TwilioForm.newSID(prefix: "SM"),
            to: to ?? "",
            from: form["From"]?.first,
            messagingServiceSID: form["MessagingServiceSid"]?.first,
            body: form["Body"]?.first,
            statusCallback: form["StatusCallback"]?.first,
            order: 0,
            form: form,
            authorization: authorization,
            contentType: contentType,
            receivedAt: .now
        )
    }

    /// `GET Messages.json`: this account's messages, newest first, filtered by `To` and `From` like Twilio's list.
    private func list(query: String) async -> Response {
        let filters = TwilioForm.decode(query) ?? [:]
        let matching = await state.sent.reversed().filter { message in
            filters["To"].map { $0.contains(message.to) } ?? true
                && filters["From"].map { $0.contains(message.from ?? "") } ?? true
        }
        let pageSize = Int(filters["PageSize"]?.first ?? "") ?? 50
        let page = matching.prefix(pageSize).map {
            TwilioForm.messageResource($0, accountSID: accountSID, form: $0.form)
        }
        return jsonResponse(
            status: 200,
            [
                "messages": Array(page), "page": 0, "page_size": pageSize, "first_page_uri": NSNull(),
                "next_page_uri": NSNull(), "previous_page_uri": NSNull(),
                "uri": "/2010-04-01/Accounts/\(accountSID)/Messages.json",
            ])
    }

    /// Basic auth must be exactly `AccountSid:AuthToken`, and only this account's Messages list exists.
    func check(method: String, path: String, authorization: String?) -> TwilioError? {
        let expected = "Basic " + Data("\(accountSID):\(authToken)".utf8).base64EncodedString()
        guard authorization == expected else {
            return TwilioError(401, 20003, "Authenticate")
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[1] == "2010-04-01", parts[2] == "Accounts", parts[4] == "Messages.json",
            parts[3] == accountSID
        else {
            return TwilioError(404, 20404, "The requested resource \(path) was not found")
        }
        guard method == "POST" || method == "GET" else {
            return TwilioError(405, 20004, "Method not allowed")
        }
        return nil
    }
}
