import Foundation
import TagarelaCore

/// The ingest load from `wrk` (Debian's package), when installed: two threads on epoll cost far less CPU
/// than a thread per connection, and it is how the stack's own ceiling was measured on this machine.
/// The requests are written to a file that a small Lua script replays, each webhook once.
enum WrkLoad {
    static var isAvailable: Bool { executable != nil }

    static var executable: String? {
        ["/usr/bin/wrk", "/usr/local/bin/wrk"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs wrk for `seconds` over `connections`; returns requests answered 2xx per second, the count, and the
    /// 99th percentile of the time to an answer.
    static func run(
        _ webhooks: [SignedWebhook], port: Int, connections: Int, seconds: Double, directory: URL
    ) throws -> (rate: Double, acknowledged: Int, p99: Duration?) {
        guard let executable else { throw BenchError("wrk is not installed") }
        let requests = directory.appendingPathComponent("wrk-requests.txt")
        let lines = webhooks.map { "\($0.signature)\t\($0.body)" }.joined(separator: "\n") + "\n"
        try lines.write(to: requests, atomically: true, encoding: .utf8)
        let script = directory.appendingPathComponent("wrk-post.lua")
        try luaScript(requests: requests.path, kind: webhooks.first?.kind ?? .twilio).write(
            to: script, atomically: true, encoding: .utf8)
        let output = directory.appendingPathComponent("wrk-output.txt")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let pid = try Spawn.start(
            URL(fileURLWithPath: executable),
            [
                "-t2", "--latency", "-c\(connections)", "-d\(Int(seconds.rounded()))s", "-s", script.path,
                "http://127.0.0.1:\(port)",
            ], output: output, errors: nil)
        _ = Spawn.waitForExit(pid)
        let text = try String(contentsOf: output, encoding: .utf8)
        let total = Int(text.firstMatch(of: /(\d+) requests in/)?.1 ?? "") ?? 0
        let failed = Int(text.firstMatch(of: /Non-2xx or 3xx responses: (\d+)/)?.1 ?? "") ?? 0
        let rate = Double(text.firstMatch(of: /Requests\/sec:\s+([\d.]+)/)?.1 ?? "") ?? 0
        guard total > 0 else { throw BenchError("wrk printed no result:\n\(text)") }
        return (rate * Double(total - failed) / Double(total), total - failed, percentile99(text))
    }

    /// The "99%" line of wrk's latency distribution, in its own units (us, ms, s).
    static func percentile99(_ text: String) -> Duration? {
        guard let match = text.firstMatch(of: /\n\s+99%\s+([\d.]+)(us|ms|s)/), let value = Double(match.1) else {
            return nil
        }
        let scale: Double = ["us": 1e-6, "ms": 1e-3, "s": 1][String(match.2)] ?? 1
        return .interval(value * scale)
    }

    /// Each wrk thread replays its half of the requests, never one twice (a repeat would be a duplicate).
    static func luaScript(requests: String, kind: WebhookKind) -> String {
        """
        local counter = 0
        setup = function(thread)
          thread:set("tid", counter)
          counter = counter + 1
        end
        local reqs = {}
        local i = 0
        init = function(args)
          local n = 0
          for line in io.lines("\(requests)") do
            n = n + 1
            if n % 2 == tid then
              local sig, body = line:match("([^\\t]+)\\t(.*)")
              reqs[#reqs + 1] = wrk.format("POST", "\(kind.path)", {["Content-Type"]="\(kind.contentType)", ["\(kind.signatureHeader)"]=sig}, body)
            end
          end
        end
        request = function()
          i = i + 1
          if i > #reqs then
            wrk.thread:stop()
            return reqs[#reqs]
          end
          return reqs[i]
        end
        """
    }
}

/// A benchmark step that could not run.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
