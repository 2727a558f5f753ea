import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagarelaFakes
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Debian's headless chromium, driven through its chromedriver with the W3C WebDriver protocol (JSON over
/// HTTP, so no extra library): load a page, find elements by CSS selector, click, type, read text.
final class WebDriver: @unchecked Sendable {
    static let driverPath = "/usr/bin/chromedriver"
    static let browserPath = "/usr/bin/chromium"
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: driverPath) }
    /// W3C's key for an element reference in JSON.
    static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    private let driver: Process
    private let base: String
    private var session = ""

    private init(driver: Process, port: Int) {
        self.driver = driver
        base = "http://127.0.0.1:\(port)"
    }

    /// Starts chromedriver and a headless browser session that asks for pages in `language` (its
    /// `Accept-Language`); `body` drives it; both stop afterwards.
    static func with<T>(language: String = "en-US", _ body: (WebDriver) async throws -> T) async throws -> T {
        let port = try ServerProcess.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: driverPath)
        process.arguments = ["--port=\(port)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let driver = WebDriver(driver: process, port: port)
        do {
            try await driver.startSession(language: language)
            let result = try await body(driver)
            await driver.stop()
            return result
        } catch {
            await driver.stop()
            throw error
        }
    }

    private func startSession(language: String) async throws {
        do {
            try await waitUntil { (try? await call("GET", "/status")) != nil }
        } catch FakeServerError.timedOut {
            throw WebDriverError("chromedriver did not start")
        }
        // As root chromium needs --no-sandbox; a small /dev/shm in containers needs --disable-dev-shm-usage.
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "goog:chromeOptions": [
                        "binary": Self.browserPath,
                        "args": [
                            "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                            "--window-size=412,915", "--lang=\(language)", "--accept-lang=\(language)",
                        ],
                        "prefs": ["intl.accept_languages": language],
                    ],
                ]
            ]
        ]
        let value = try await call("POST", "/session", capabilities)
        session = try #require((value as? [String: Any])?["sessionId"] as? String)
    }

    /// Ends the session (the browser quits) and the driver. chromedriver may outlive SIGTERM, and Foundation's
    /// `waitUntilExit` spins while it does, so it is killed and polled.
    private func stop() async {
        if !session.isEmpty { _ = try? await call("DELETE", "/session/\(session)") }
        kill(driver.processIdentifier, SIGKILL)
        while driver.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
    }

    func go(_ url: String) async throws {
        _ = try await call("POST", "/session/\(session)/url", ["url": url])
    }

    var currentURL: String {
        get async throws { try await call("GET", "/session/\(session)/url") as? String ?? "" }
    }

    /// The first element matching `selector`, waiting up to `timeout` for it to appear.
    func element(_ selector: String, timeout: Duration = testPatience) async throws -> String {
        var id: String?
        do {
            try await waitUntil(timeout: timeout) {
                let found = try? await call(
                    "POST", "/session/\(session)/element", ["using": "css selector", "value": selector])
                id = (found as? [String: Any])?[Self.elementKey] as? String
                return id != nil
            }
        } catch FakeServerError.timedOut {
            throw WebDriverError("no element matches \(selector)")
        }
        return id ?? ""
    }

    func click(_ selector: String) async throws {
        _ = try await call("POST", "/session/\(session)/element/\(try await element(selector))/click", [:])
    }

    func type(_ selector: String, _ text: String) async throws {
        _ = try await call("POST", "/session/\(session)/element/\(try await element(selector))/value", ["text": text])
    }

    func text(_ selector: String) async throws -> String {
        try await call("GET", "/session/\(session)/element/\(try await element(selector))/text") as? String ?? ""
    }

    /// A DOM property of the element matching `selector` (`naturalWidth` of an image, say).
    func property(_ selector: String, _ name: String) async throws -> Any? {
        try await call("GET", "/session/\(session)/element/\(try await element(selector))/property/\(name)")
    }

    /// Waits until the text of the element matching `selector` contains `expected`; returns that text.
    @discardableResult
    func waitForText(_ selector: String, containing expected: String, timeout: Duration = testPatience) async throws
        -> String
    {
        var seen = ""
        do {
            try await waitUntil(timeout: timeout) {
                seen = (try? await text(selector)) ?? ""
                return seen.contains(expected)
            }
        } catch FakeServerError.timedOut {
            throw WebDriverError("\(selector) never showed “\(expected)”; it showed “\(seen)”")
        }
        return seen
    }

    /// One WebDriver command; returns its `value`, throwing the driver's error.
    private func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        var request = HTTPClientRequest(url: base + path)
        request.method = .init(rawValue: method)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let data = try await response.body.collect(upTo: 16 << 20)
        let json = try JSONSerialization.jsonObject(with: Data(data.readableBytesView), options: [.fragmentsAllowed])
        let value = (json as? [String: Any])?["value"]
        if response.status.code >= 400 {
            let error = (value as? [String: Any]).map { "\($0["error"] ?? ""): \($0["message"] ?? "")" } ?? ""
            throw WebDriverError("\(method) \(path): \(response.status.code) \(error)")
        }
        return value
    }
}

struct WebDriverError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
