import Foundation
import TagarelaCore

/// A PDF's text through Debian's `pdftotext` (poppler-utils), run as ffmpeg is: the bytes written to a private
/// scratch directory, the tool given local files only, killed after `timeout`.
public struct PDFToText: PDFTextExtractor {
    /// `pdftotext` (looked up on `PATH`) or a path to it.
    public var executable: String
    public var temporaryDirectory: URL
    /// A long manual takes a few seconds; a PDF that takes longer is not worth waiting for.
    public var timeout: Duration = .seconds(60)

    public init(executable: String = "pdftotext", temporaryDirectory: URL = FileManager.default.temporaryDirectory) {
        self.executable = executable
        self.temporaryDirectory = temporaryDirectory
    }

    /// Whether the tool is installed: without it PDFs are refused with a line that says how to install it.
    public var isAvailable: Bool { (try? ChildProcess.locate(executable)) != nil }

    public func text(ofPDF data: Data) async throws -> String {
        guard let tool = try? ChildProcess.locate(executable) else { throw KnowledgeReadError.noPDFReader }
        return try await ScratchDirectory.with(in: temporaryDirectory) { scratch in
            let input = scratch.appendingPathComponent("document.pdf")
            let output = scratch.appendingPathComponent("document.txt")
            try data.write(to: input)
            // UTF-8 out, errors quiet (a damaged page is skipped, not fatal), reading order kept.
            let outcome = try await ChildProcess.run(
                tool, ["-enc", "UTF-8", "-q", input.path, output.path], output: nil, scratch: scratch,
                timeout: timeout)
            guard outcome.status == 0 else {
                throw KnowledgeReadError.pdfFailed("pdftotext exited with \(outcome.status): \(outcome.errorTail)")
            }
            return try String(contentsOf: output, encoding: .utf8)
        }
    }
}
