import Foundation

/// Turns a PDF into its text; the real one runs Debian's `pdftotext` (poppler-utils).
public protocol PDFTextExtractor: Sendable {
    func text(ofPDF data: Data) async throws -> String
}

/// The kinds of file the knowledge base reads, by name (and, for a PDF, by its first bytes).
public enum KnowledgeFormat: String, Sendable, CaseIterable {
    case markdown, text, html, pdf

    public init?(filename: String) {
        switch (filename as NSString).pathExtension.lowercased() {
        case "md", "markdown": self = .markdown
        case "txt", "text": self = .text
        case "html", "htm": self = .html
        case "pdf": self = .pdf
        default: return nil
        }
    }
}

/// Why a file could not be read into the knowledge base.
public enum KnowledgeReadError: Error, Equatable, CustomStringConvertible {
    case unsupported(String)
    case notText(String)
    case noPDFReader
    case noText(String)
    case pdfFailed(String)

    public var description: String {
        switch self {
        case .unsupported(let name): "\(name): not a Markdown, text, HTML or PDF file"
        case .notText(let name): "\(name): not UTF-8 text"
        case .noPDFReader: "PDF files need pdftotext (Debian: apt-get install poppler-utils)"
        case .noText(let name): "\(name): no text found (a scanned PDF needs OCR first)"
        case .pdfFailed(let detail): "the PDF could not be read: \(detail)"
        }
    }
}

/// A document's title and its Markdown-like text, ready for `KnowledgeChunker`.
public struct KnowledgeText: Sendable, Equatable {
    public var title: String
    public var text: String
}

/// Reads a file of a supported kind into `KnowledgeText`.
public struct KnowledgeReader: Sendable {
    let pdf: (any PDFTextExtractor)?

    public init(pdf: (any PDFTextExtractor)?) {
        self.pdf = pdf
    }

    public func read(_ data: Data, filename: String) async throws -> KnowledgeText {
        let name = (filename as NSString).lastPathComponent
        let stem = (name as NSString).deletingPathExtension
        guard let format = KnowledgeFormat(filename: name) else { throw KnowledgeReadError.unsupported(name) }
        let read: KnowledgeText
        switch format {
        case .pdf:
            guard let pdf else { throw KnowledgeReadError.noPDFReader }
            // pdftotext separates pages with a form feed: a page break is a paragraph break.
            let text = try await pdf.text(ofPDF: data).replacingOccurrences(of: "\u{0C}", with: "\n\n")
            read = KnowledgeText(title: stem, text: text)
        case .html:
            let page = HTMLText.read(try Self.utf8(data, name))
            read = KnowledgeText(title: page.title ?? stem, text: page.text)
        case .markdown:
            let text = try Self.utf8(data, name)
            let heading = text.split(separator: "\n").lazy.compactMap { KnowledgeChunker.heading($0) }.first
            read = KnowledgeText(title: heading?.title ?? stem, text: text)
        case .text:
            read = KnowledgeText(title: stem, text: try Self.utf8(data, name))
        }
        guard read.text.contains(where: { $0.isLetter || $0.isNumber }) else { throw KnowledgeReadError.noText(name) }
        return read
    }

    /// UTF-8 text, a byte-order mark dropped and Windows line ends made plain.
    static func utf8(_ data: Data, _ name: String) throws -> String {
        guard var text = String(data: data, encoding: .utf8) else { throw KnowledgeReadError.notText(name) }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text.replacingOccurrences(of: "\r\n", with: "\n")
    }
}
