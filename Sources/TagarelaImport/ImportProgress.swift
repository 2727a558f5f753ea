import Foundation

/// How far an import has come: `photos 120/500 (24%): 110 imported, 8 already there, 2 failed`.
public struct ImportProgress: Sendable, Equatable, CustomStringConvertible {
    public var total: Int
    public var imported = 0
    /// Imported by an earlier run (or twice in the old table): nothing downloaded.
    public var alreadyThere = 0
    public var failed = 0

    public init(total: Int) {
        self.total = total
    }

    public var done: Int { imported + alreadyThere + failed }
    public var isComplete: Bool { done >= total }

    /// Whole percent, rounded down so that 100% means every photo.
    public var percent: Int { total == 0 ? 100 : done * 100 / total }

    public var description: String {
        "photos \(done)/\(total) (\(percent)%): \(imported) imported, \(alreadyThere) already there, \(failed) failed"
    }
}

/// A photo that was not imported, and why. Names the row (`table_image_link.id`) and the link's host, never the
/// link's path or the contact's number, which may identify the person.
public struct ImportFailure: Sendable, Equatable, CustomStringConvertible {
    public var photoID: Int64
    public var host: String?
    public var reason: String

    public init(photoID: Int64, host: String?, reason: String) {
        self.photoID = photoID
        self.host = host
        self.reason = reason
    }

    public var description: String {
        "photo \(photoID)\(host.map { " on \($0)" } ?? ""): \(reason)"
    }
}

/// What an import did.
public struct ImportSummary: Sendable, Equatable, CustomStringConvertible {
    public var progress: ImportProgress
    /// Contacts whose catalogue received photos, or already had them.
    public var contacts: Int
    /// Descriptions with no image, left out.
    public var descriptionsWithoutPhotos: Int
    public var elapsed: Duration

    public init(progress: ImportProgress, contacts: Int, descriptionsWithoutPhotos: Int, elapsed: Duration) {
        self.progress = progress
        self.contacts = contacts
        self.descriptionsWithoutPhotos = descriptionsWithoutPhotos
        self.elapsed = elapsed
    }

    public var failed: Bool { progress.failed > 0 }

    public var description: String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var line =
            "imported \(progress.imported) photos of \(contacts) contacts (\(progress.alreadyThere) already there, "
            + "\(progress.failed) failed) in " + String(format: "%.1f s", seconds)
        if descriptionsWithoutPhotos > 0 { line += "; \(descriptionsWithoutPhotos) descriptions had no photo" }
        return line
    }
}

/// What the importer reports while it runs.
public enum ImportEvent: Sendable, Equatable {
    /// The old catalogue was read: how many photos, for how many contacts, from which hosts.
    case found(photos: Int, contacts: Int, hosts: [String])
    /// Sent once before the first download, then after each description's photos.
    case progress(ImportProgress)
    case failed(ImportFailure)
    case finished(ImportSummary)
}

/// Prints import events: on a terminal the progress line is rewritten in place, elsewhere (a log, a pipe) it is
/// printed every 10% and at the end. Failures get a line of their own as they happen.
public struct ImportProgressPrinter: Sendable {
    public let isTerminal: Bool
    let write: @Sendable (String) -> Void

    public init(isTerminal: Bool, write: @escaping @Sendable (String) -> Void) {
        self.isTerminal = isTerminal
        self.write = write
    }

    public func show(_ event: ImportEvent) {
        switch event {
        case .found(let photos, let contacts, let hosts):
            let from = hosts.isEmpty ? "" : " from \(hosts.joined(separator: ", "))"
            write("found \(photos) photos of \(contacts) contacts\(from)\n")
        case .progress(let progress) where isTerminal:
            // A failure line may follow: the progress line is ended before it (see .failed).
            write("\r\(progress)" + (progress.isComplete ? "\n" : ""))
        case .progress(let progress):
            let step = max(1, progress.total / 10)
            if progress.isComplete || (progress.done > 0 && progress.done % step == 0) { write("\(progress)\n") }
        case .failed(let failure):
            write((isTerminal ? "\r\u{1B}[K" : "") + "failed: \(failure)\n")
        case .finished(let summary):
            write("\(summary)\n")
        }
    }
}
