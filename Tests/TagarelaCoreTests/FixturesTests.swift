import Foundation
import TagarelaFakes
import Testing

@Suite("The tests read only what the repository holds", .timeLimit(.minutes(3)))
struct FixturesTests {
    @Test func aFixtureInsideTheFolderIsRead() throws {
        #expect(try Fixtures.portugueseVoiceNote().starts(with: Data("OggS".utf8)))
        #expect(try Fixtures.jsonObject("reference/twilio-signature-vectors.json")["auth_token"] as? String == "12345")
    }

    @Test(arguments: ["../../../shared/testdata/voice_note_pt.ogg", "../README.md", "/etc/hostname", "reference/../.."])
    func aPathOutsideTheFolderIsRefused(_ path: String) {
        #expect(throws: Fixtures.Failure.self) { try Fixtures.data(path) }
    }
}
