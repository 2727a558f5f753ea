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
        let bytes = (try? await request.body.collect(upTo: 1 << 20)) ?? ByteBuffer()
        let path = request.uri.path
        let form = TwilioForm.decode(String(buffer: bytes))
        let authorization = request.headers[.authorization]
        let contentType = request.headers[.contentType]
        let to = form?["To"]?.first
        func reject(_ error: TwilioError) async -> Response {
            await state.reject(.init(status: error.status, code: error.code, reason: error.message, path: path, to: to))
            return error.response
        }
        if let error = check(method: request.method.rawValue, path: path, authorization: authorization) {
            return await reject(error)
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
        case nil:
            break
        }
        if let to, await state.isOptedOut(to) {
            return await reject(.init(400, 21610, "Attempt to send to unsubscribed recipient"))
        }
        let message = await state.accept(
            .init(
                sid: TwilioForm.newSID(prefix: "SM"),
                to: to ?? "",
                from: form["From"]?.first,
                messagingServiceSID: form["MessagingServiceSid"]?.first,
                body: form["Body"]?.first,
                statusCallback: form["StatusCallback"]?.first,
                order: 0,
                form: form,
                authorization: authorization,
                contentType: contentType
            )
        )
        return jsonResponse(status: 201, TwilioForm.messageResource(message, accountSID: accountSID, form: form))
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
        guard method == "POST" else {
            return TwilioError(405, 20004, "Method not allowed")
        }
        return nil
    }
}
