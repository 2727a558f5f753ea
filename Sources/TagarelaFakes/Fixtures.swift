import Foundation

/// The files the tests read: payload samples, signature vectors and voice notes kept in the repository's
/// `Tests/Fixtures` (see its README for where each comes from) and the shipped `examples`. Nothing outside them can be read through
/// it, so a clone with nothing beside it has everything its tests need.
public enum Fixtures {
    /// `Tests/Fixtures` of this package, found from this file's real location.
    public static let directory: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent()  // TagarelaFakes
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()  // the package root
        .appendingPathComponent("Tests/Fixtures", isDirectory: true)

    /// Why a fixture could not be read.
    public enum Failure: Error, CustomStringConvertible {
        case outside(String)

        public var description: String {
            switch self {
            case .outside(let path):
                "\(path) is not a file under Tests/Fixtures or examples; tests read only what the repository holds"
            }
        }
    }

    /// The repository's `examples` folder: what the README shows is what the tests use.
    public static let examples: URL = directory.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples", isDirectory: true)

    /// The file at `path`, relative to `Tests/Fixtures`; a path that leaves the folder is refused.
    public static func url(_ path: String) throws -> URL {
        try url(path, in: directory)
    }

    /// The file or folder at `path`, relative to the repository's `examples`; a path that leaves it is refused.
    public static func example(_ path: String) throws -> URL {
        try url(path, in: examples)
    }

    static func url(_ path: String, in root: URL) throws -> URL {
        let url = root.appendingPathComponent(path).standardizedFileURL.resolvingSymlinksInPath()
        guard !path.hasPrefix("/"), url.path.hasPrefix(root.standardizedFileURL.path + "/") else {
            throw Failure.outside(path)
        }
        return url
    }

    /// The bytes of the file at `path`, relative to `Tests/Fixtures`.
    public static func data(_ path: String) throws -> Data {
        try Data(contentsOf: url(path))
    }

    /// The top-level JSON object of the file at `path`, relative to `Tests/Fixtures`.
    public static func jsonObject(_ path: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: data(path))
        guard let dictionary = object as? [String: Any] else {
            throw CocoaError(.propertyListReadCorrupt, userInfo: [NSFilePathErrorKey: path])
        }
        return dictionary
    }

    /// The WhatsApp-style Portuguese voice note (Ogg, Opus, mono, 16 kHz): "Olá, tudo bem? Eu gostaria de marcar
    /// uma consulta para amanhã às três da tarde."
    public static func portugueseVoiceNote() throws -> Data {
        try data("voice/voice_note_pt.ogg")
    }
}
