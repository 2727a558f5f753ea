import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

@Suite("A note's length is measured from its audio, never from what its container claims", .timeLimit(.minutes(3)))
struct VoiceMeterTests {
    @Test("Ogg Opus: counted packet by packet, so a last page claiming 1 ms changes nothing")
    func oggOpusIsCounted() async throws {
        let note = try VoiceFixtures.portugueseNote()
        let counted = try #require(OggOpus.countedDuration(of: note.bytes))
        let claimed = try #require(OggOpus.duration(of: note.bytes))
        #expect(abs((counted - claimed).timeInterval) < 0.05)
        #expect(counted > .seconds(6) && counted < .seconds(7))

        let lying = FakeAudio.lyingAboutItsLength(note.bytes)
        #expect(try #require(OggOpus.duration(of: lying)) < .milliseconds(10))
        #expect(try #require(OggOpus.countedDuration(of: lying)) == counted)
        // Stopped early: just past the limit, not the whole stream.
        let stopped = try #require(OggOpus.countedDuration(of: lying, stoppingAfter: .seconds(2)))
        #expect(stopped > .seconds(2) && stopped < .milliseconds(2200))
        #expect(OggOpus.countedDuration(of: Data("RIFF....WAVE".utf8)) == nil)
    }

    @Test("the TOC byte gives each packet's samples: SILK, hybrid and CELT sizes, one to many frames")
    func packetSizes() {
        #expect(OggOpus.packetSamples(0b0000_0000, nil) == 480)  // SILK NB 10 ms, one frame
        #expect(OggOpus.packetSamples(0b0001_1000, nil) == 2880)  // SILK NB 60 ms
        #expect(OggOpus.packetSamples(0b0110_1001, nil) == 1920)  // hybrid FB 20 ms, two frames
        #expect(OggOpus.packetSamples(0b1111_1000, nil) == 960)  // CELT FB 20 ms
        #expect(OggOpus.packetSamples(0b1000_0011, 0b0000_0110) == 720)  // CELT 2.5 ms, six frames
    }

    @Test("anything else is decoded by ffmpeg, for at most the limit and a second")
    func otherFormatsAreDecoded() async throws {
        try await VoiceFixtures.withTemporaryRoot { root in
            let converter = VoiceFixtures.converter(root: root)
            let lying = AudioClip(
                bytes: FakeAudio.lyingAboutItsLength(try VoiceFixtures.portugueseNote().bytes), contentType: "audio/ogg"
            )
            #expect(try await converter.measure(lying, stoppingAfter: .seconds(60)) > .seconds(6))
            let mp3 = try await converter.convert(try VoiceFixtures.portugueseNote(), to: .mp3())
            let whole = try await converter.measure(mp3, stoppingAfter: .seconds(60))
            #expect(whole > .seconds(6) && whole < .milliseconds(7100))
            let stopped = try await converter.measure(mp3, stoppingAfter: .seconds(2))
            #expect(stopped > .seconds(2) && stopped <= .milliseconds(3050))
            #expect(try VoiceFixtures.leftovers(in: root).isEmpty)
        }
    }
}
