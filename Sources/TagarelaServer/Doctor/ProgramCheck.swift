import Foundation

/// A program Tagarela runs (ffmpeg, ffprobe, pdftotext) can be found, when a setting needs it.
struct ProgramCheck: DoctorCheck {
    let name: String
    /// The setting's value: a path, or a name looked up in `PATH`.
    let program: String
    /// Why it is needed, or nil when nothing configured needs it.
    let neededFor: String?
    /// What installs it.
    let install: String
    /// When nothing needs it, the setting or feature that would.
    let unneededBecause: String
    let searchPath: String?

    func run(_ context: DoctorContext) async throws -> DoctorOutcome {
        let found = Self.locate(program, searchPath: searchPath)
        guard let neededFor else {
            if let found { return .passed("\(found) (not needed yet: \(unneededBecause))") }
            return .notConfigured("not installed; needed only \(unneededBecause)")
        }
        guard let found else {
            return .failed("\(program) not found, needed for \(neededFor)", fix: install)
        }
        return .passed("\(found), for \(neededFor)")
    }

    /// `program` itself when it names an executable file, else the first executable of that name in `searchPath`.
    static func locate(_ program: String, searchPath: String?) -> String? {
        let files = FileManager.default
        if program.contains("/") { return files.isExecutableFile(atPath: program) ? program : nil }
        for directory in (searchPath ?? "").split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if files.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
