import Foundation

/// Real JPEGs from a few hundred KB to about 4 MB (under WhatsApp's 5 MB for a photo), made once with ffmpeg (a
/// test pattern under noise, which compresses about as badly as a phone's photo) and kept in the temporary
/// directory for later runs.
enum BenchPhotos {
    /// Width and height of each distinct photo: about 0.3, 0.8, 1.3, 2, 3 and 4 MB at JPEG quality 2.
    static let sizes = [(800, 600), (1280, 960), (1600, 1200), (2000, 1500), (2400, 1800), (2800, 2100)]

    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tagarela-bench-photos-v1")

    /// `count` photos, cycling through the distinct ones.
    static func make(count: Int) throws -> [[UInt8]] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let distinct = try sizes.enumerated().map { index, size in
            try photo(index: index, width: size.0, height: size.1)
        }
        return (0..<count).map { distinct[$0 % distinct.count] }
    }

    private static func photo(index: Int, width: Int, height: Int) throws -> [UInt8] {
        let file = directory.appendingPathComponent("photo-\(width)x\(height).jpg")
        if let bytes = try? Data(contentsOf: file), bytes.count > 1000 { return Array(bytes) }
        let ffmpeg = Process()
        ffmpeg.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        ffmpeg.arguments = [
            "ffmpeg", "-v", "error", "-y", "-f", "lavfi",
            "-i", "testsrc2=s=\(width)x\(height),noise=alls=30:allf=t:all_seed=\(index + 1)",
            "-frames:v", "1", "-q:v", "2", file.path,
        ]
        ffmpeg.standardInput = FileHandle.nullDevice
        ffmpeg.standardOutput = FileHandle.nullDevice
        ffmpeg.standardError = FileHandle.nullDevice
        try ffmpeg.run()
        ffmpeg.waitUntilExit()
        guard ffmpeg.terminationStatus == 0, let bytes = try? Data(contentsOf: file) else {
            throw BenchPhotosError("ffmpeg could not make the benchmark's photos: apt-get install ffmpeg")
        }
        return Array(bytes)
    }
}

struct BenchPhotosError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
