import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// CPU time read from `/proc` (proc(5): `/proc/<pid>/stat` fields 14–17, in clock ticks): what a process, or the
/// local PostgreSQL server with all its backends, has spent. Work per CPU second is the honest measure on a
/// machine whose cores the server, the database and the load generator share.
enum ProcessCPU {
    private static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// User plus system time of `pid`, and of its children it has waited for; nil once it has ended.
    static func seconds(of pid: pid_t) -> Double? {
        guard let fields = statFields(pid), fields.count > 14 else { return nil }
        // After the ")" that ends the command name, field 3 (state) is index 0: utime is index 11.
        let ticks = fields[11...14].compactMap { Double($0) }.reduce(0, +)
        return ticks / ticksPerSecond
    }

    /// The PostgreSQL server listening on `port` on this machine: its postmaster and every backend and
    /// background process it started (a backend that ended meanwhile is counted in the postmaster's
    /// children's time). Nil when no such server runs here (a remote database: its share is not measured).
    static func postgresSeconds(port: Int) -> Double? {
        guard let postmaster = postmaster(port: port) else { return nil }
        var total = seconds(of: postmaster) ?? 0
        for pid in processes() where parent(of: pid) == postmaster {
            total += seconds(of: pid) ?? 0
        }
        return total
    }

    static func postmaster(port: Int) -> pid_t? {
        processes().first { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            guard let program = arguments.first, program.hasSuffix("/postgres") || program == "postgres" else {
                return false
            }
            let portIndex = arguments.firstIndex(of: "-p")
            return portIndex.map { arguments.indices.contains($0 + 1) && arguments[$0 + 1] == "\(port)" } ?? false
        }
    }

    private static func parent(of pid: pid_t) -> pid_t? {
        statFields(pid).flatMap { $0.count > 1 ? pid_t($0[1]) : nil }
    }

    /// The fields after the command name, which may itself hold spaces and parentheses.
    private static func statFields(_ pid: pid_t) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = text.lastIndex(of: ")")
        else { return nil }
        return text[text.index(after: end)...].split(separator: " ")
    }

    private static func processes() -> [pid_t] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { pid_t($0) }
    }
}
