import Foundation
import TagarelaCore

extension AudioConverter: PCMConverter {
    public func pcm(from clip: AudioClip) async throws -> Data {
        try await convert(clip, to: .pcm16(sampleRate: PCM16.sampleRate)).bytes
    }

    /// The PCM is given a WAV header first, so that ffmpeg reads it through the same checked path as any other
    /// input (raw PCM has no first bytes to recognise it by).
    public func voiceNote(fromPCM pcm: Data) async throws -> VoiceNote {
        try await voiceNote(
            from: AudioClip(bytes: Self.wav(pcm, sampleRate: PCM16.sampleRate), contentType: "audio/wav"))
    }

    /// `pcm` (16-bit little-endian mono) in a canonical 44-byte WAV header.
    static func wav(_ pcm: Data, sampleRate: Int) -> Data {
        var header = Data()
        func append<Value: FixedWidthInteger>(_ value: Value) {
            withUnsafeBytes(of: value.littleEndian) { header.append(contentsOf: $0) }
        }
        header.append(contentsOf: Array("RIFF".utf8))
        append(UInt32(36 + pcm.count))
        header.append(contentsOf: Array("WAVEfmt ".utf8))
        append(UInt32(16))
        append(UInt16(1))  // PCM
        append(UInt16(1))  // mono
        append(UInt32(sampleRate))
        append(UInt32(sampleRate * 2))
        append(UInt16(2))
        append(UInt16(16))
        header.append(contentsOf: Array("data".utf8))
        append(UInt32(pcm.count))
        return header + pcm
    }
}
