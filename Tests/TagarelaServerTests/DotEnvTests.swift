import Foundation
import Testing

@testable import TagarelaServer

@Suite("DotEnv parser", .timeLimit(.minutes(3)))
struct DotEnvTests {
    @Test func readsPlainLinesExportCommentsAndBlankLines() throws {
        let values = try DotEnv.parse(
            """
            # a comment
            PORT=8080

              export HOST=127.0.0.1
            export\tLOG_LEVEL=debug
                # an indented comment
            """)
        #expect(values == ["PORT": "8080", "HOST": "127.0.0.1", "LOG_LEVEL": "debug"])
    }

    @Test func trimsUnquotedValuesAndKeys() throws {
        #expect(try DotEnv.parse("  MODEL  =   gpt-4o-mini   ") == ["MODEL": "gpt-4o-mini"])
    }

    @Test func dropsInlineCommentsAfterWhitespaceOnly() throws {
        let values = try DotEnv.parse(
            """
            A=one # the first
            B=two\t# tab before
            C=pass#word
            D=#hash
            E= # only a comment
            """)
        #expect(values == ["A": "one", "B": "two", "C": "pass#word", "D": "#hash", "E": ""])
    }

    @Test func singleQuotesAreLiteral() throws {
        let values = try DotEnv.parse(#"KEY='a\nb # not a comment "x"'"#)
        #expect(values["KEY"] == #"a\nb # not a comment "x""#)
    }

    @Test func doubleQuotesUnderstandEscapes() throws {
        let values = try DotEnv.parse(#"KEY="line1\nline2 \"quoted\" back\\slash \$HOME \q tab\tend""#)
        #expect(values["KEY"] == "line1\nline2 \"quoted\" back\\slash $HOME \\q tab\tend")
    }

    @Test func quotedValuesKeepSpacesAndHashes() throws {
        let values = try DotEnv.parse(
            """
            A="  padded # kept  "   # a comment after the quote
            B='  also kept  '
            """)
        #expect(values == ["A": "  padded # kept  ", "B": "  also kept  "])
    }

    @Test func doubleQuotedValuesMaySpanLines() throws {
        let values = try DotEnv.parse(
            """
            SYSTEM_PROMPT="You are helpful.
            Answer briefly.

            Say \\"hi\\"."
            NEXT=1
            """)
        #expect(values["SYSTEM_PROMPT"] == "You are helpful.\nAnswer briefly.\n\nSay \"hi\".")
        #expect(values["NEXT"] == "1")
    }

    @Test func laterLinesWin() throws {
        #expect(try DotEnv.parse("A=1\nA=2") == ["A": "2"])
    }

    @Test func acceptsWindowsLineEndingsAndByteOrderMark() throws {
        let values = try DotEnv.parse("\u{FEFF}A=1\r\nB=\"x\r\ny\"\r\n")
        #expect(values == ["A": "1", "B": "x\ny"])
    }

    @Test func emptyValues() throws {
        #expect(try DotEnv.parse("A=\nB=\"\"\nC=''") == ["A": "", "B": "", "C": ""])
    }

    @Test(
        "a malformed line is reported by its number",
        arguments: [
            ("A=1\n\nnot a setting", 3),
            ("A=1\n1ABC=2", 2),
            ("MY-KEY=1", 1),
            ("=value", 1),
            ("export", 1),
            ("A=1\nB=\"never closed\nC=3", 2),
            ("A='never closed", 1),
            ("A=\"x\" trailing", 1),
            ("A=\"multi\nline\" trailing", 2),
        ])
    func malformedLine(contents: String, line: Int) {
        #expect {
            try DotEnv.parse(contents)
        } throws: { error in
            let error = error as? ConfigurationError
            return error?.line == line && error?.description.hasPrefix(".env line \(line): ") == true
        }
    }

    @Test func aMalformedLineDoesNotEchoItsValue() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try DotEnv.parse("OPENAI_API_KEY sk-secret-value")
        }
        #expect(error.description == ".env line 1: expected KEY=value, e.g. PORT=8080")
        #expect(!error.description.contains("sk-secret"))
    }

    @Test func namesTheKeyOfAnUnclosedQuote() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try DotEnv.parse("OK=1\nSYSTEM_PROMPT=\"You are")
        }
        #expect(error.description == ".env line 2: the quoted value of SYSTEM_PROMPT is never closed")
    }

    @Test func readsAFileOrNothingWhenItIsMissing() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("env-\(UUID().uuidString)").path
        #expect(try DotEnv.read(path: path) == nil)
        try "PORT=1234\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try DotEnv.read(path: path) == "PORT=1234\n")
    }
}
