import Foundation

/// The files `tagarela knowledge add` is given: each path as it is, and every readable file below a folder (hidden
/// ones left out), in name order so that runs are repeatable.
public enum KnowledgeFiles {
    public static func collect(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw KnowledgeReadError.unsupported("\(path) does not exist")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let root = URL(fileURLWithPath: path)
            let found =
                FileManager.default.enumerator(
                    at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])?
                .compactMap { $0 as? URL } ?? []
            files += found.filter { KnowledgeFormat(filename: $0.lastPathComponent) != nil }
                .map { (path as NSString).appendingPathComponent(relative($0, to: root)) }
                .sorted()
        }
        return files
    }

    /// The source a path is stored under: relative to `directory` when it is below it (`docs/precos.md`, however it
    /// was typed), else absolute, so that adding the same file again replaces it.
    public static func source(for path: String, in directory: String = FileManager.default.currentDirectoryPath)
        -> String
    {
        relative(URL(fileURLWithPath: path), to: URL(fileURLWithPath: directory), orElse: \.path)
    }

    static func relative(_ url: URL, to root: URL, orElse fallback: (URL) -> String = \.lastPathComponent) -> String {
        let rootPath = root.standardizedFileURL.resolvingSymlinksInPath().path
        let filePath = url.standardizedFileURL.resolvingSymlinksInPath().path
        return filePath.hasPrefix(rootPath + "/")
            ? String(filePath.dropFirst(rootPath.count + 1)) : fallback(url.standardizedFileURL)
    }
}

/// How far `knowledge add` has come: `chunks 340/1200 embedded (28%), 85/s, 10 s left`.
public struct KnowledgeProgress: Sendable, Equatable, CustomStringConvertible {
    public var total: Int
    public var done = 0
    public var elapsed: Duration = .zero

    public init(total: Int) {
        self.total = total
    }

    public var isComplete: Bool { done >= total }

    public var description: String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let percent = total == 0 ? 100 : done * 100 / total
        var line = "chunks \(done)/\(total) embedded (\(percent)%)"
        if seconds > 0, done > 0 {
            let rate = Double(done) / seconds
            line += String(format: ", %.0f/s", rate)
            if !isComplete { line += String(format: ", %.0f s left", Double(total - done) / rate) }
        }
        return line
    }
}
