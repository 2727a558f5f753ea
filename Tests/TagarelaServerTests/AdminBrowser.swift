import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// A browser as far as the dashboard can tell: keeps the cookies it is given, sends them back, and reads the
/// CSRF token of the page it last loaded.
final class AdminBrowser: @unchecked Sendable {
    static let password = "correct horse battery staple"

    let client: any TestClientProtocol
    /// Sent with every request, e.g. the `X-Forwarded-For` a proxy in front would add.
    let headers: HTTPFields
    /// The browser's `Accept-Language`: English unless a test asks for another, so the pages' words are English.
    var language = "en"
    private(set) var cookies: [String: String] = [:]
    private(set) var lastPage = ""

    init(_ client: any TestClientProtocol, headers: HTTPFields = [:]) {
        self.client = client
        self.headers = headers
    }

    /// A browser that has logged in.
    static func loggedIn(_ client: any TestClientProtocol) async throws -> AdminBrowser {
        let browser = AdminBrowser(client)
        let answer = try await browser.logIn()
        #expect(answer.status == .seeOther)
        return browser
    }

    /// Loads the login page and submits the password; returns the answer to the submission.
    @discardableResult
    func logIn(password: String = AdminBrowser.password, next: String? = nil) async throws -> TestResponse {
        let page = try await get("/admin/login")
        #expect(page.status == .ok)
        var fields = [("password", password), ("csrf", try csrf())]
        if let next { fields.append(("next", next)) }
        return try await post("/admin/login", fields)
    }

    func get(_ path: String, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        try await send(path, method: .get, headers: extra, body: nil)
    }

    /// Posts a form; `csrf: true` adds the token of the page loaded last.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)], csrf: Bool = false) async throws -> TestResponse {
        var fields = fields
        if csrf { fields.append(("csrf", try self.csrf())) }
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(
            path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: body))
    }

    func send(_ path: String, method: HTTPRequest.Method, headers extra: HTTPFields, body: ByteBuffer?) async throws
        -> TestResponse
    {
        var headers = extra
        headers.append(contentsOf: self.headers)
        if headers[.acceptLanguage] == nil { headers[.acceptLanguage] = language }
        if !cookies.isEmpty {
            headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")
        }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body)
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let value = pair.count == 2 ? String(pair[1]) : ""
            if value.isEmpty || header.contains("Max-Age=0") {
                cookies[String(pair[0])] = nil
            } else {
                cookies[String(pair[0])] = value
            }
        }
        lastPage = String(buffer: response.body)
        return response
    }

    /// The CSRF token in the page loaded last.
    func csrf() throws -> String {
        let marker = #"name="csrf" value=""#
        let start = try #require(lastPage.range(of: marker), "no CSRF field in the page").upperBound
        return String(lastPage[start...].prefix { $0 != "\"" })
    }

    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
    }
}
