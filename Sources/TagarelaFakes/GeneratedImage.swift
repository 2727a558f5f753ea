import Foundation
import TagarelaCore

/// Real images for tests, written by ffmpeg itself (`-f lavfi -i color=…`): a solid colour of any size and format.
public enum GeneratedImage {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// An image of `size` (`3000x1500`) as `fileExtension` (`jpg`, `png`, `webp`, `gif`).
    public static func make(_ size: String, _ fileExtension: String) throws -> Data {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tagarela-image-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("generated.\(fileExtension)")
        let pid = try Spawn.start(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "color=c=red:s=\(size)",
                "-frames:v", "1", output.path,
            ], output: nil, errors: nil)
        let status = Spawn.waitForExit(pid)
        guard status == 0 else {
            throw Failure(
                description: "ffmpeg could not write a \(size) \(fileExtension) (status \(status))")
        }
        return try Data(contentsOf: output)
    }
}
