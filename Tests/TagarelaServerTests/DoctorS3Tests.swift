import Foundation
import TagarelaFakes
import TagarelaObjectStorage
import TagarelaServer
import Testing

/// The S3 check against moto, which checks signatures: HeadBucket passes with the keys, fails with a wrong secret.
@Suite(
    "tagarela doctor: the S3 bucket",
    .enabled(if: MotoS3.isEnabled, Comment(rawValue: MotoS3.skipped)), .timeLimit(.minutes(2)))
struct DoctorS3Tests {
    static func line(_ settings: [String: String]) async throws -> DoctorLine {
        let environment = settings.merging(["DATABASE_URL": "sqlite::memory:"]) { first, _ in first }
        let lines = await Doctor.examine(environment: environment, dotEnvPath: nil, timeout: testPatience)
        return try #require(lines.first { $0.name == "S3 bucket" })
    }

    @Test("HeadBucket with the configured keys; a wrong secret and a missing bucket are ✗, the secret never shown")
    func headBucket() async throws {
        let client = try await MotoS3.checkedClient()
        var settings = [
            "MEDIA_STORAGE": "s3", "S3_ENDPOINT": try MotoS3.required(MotoS3.variable),
            "S3_BUCKET": client.settings.bucket, "S3_FORCE_PATH_STYLE": "true",
            "AWS_ACCESS_KEY_ID": try MotoS3.required("TAGARELA_TEST_S3_ACCESS_KEY_ID"),
            "AWS_SECRET_ACCESS_KEY": try MotoS3.required("TAGARELA_TEST_S3_SECRET_ACCESS_KEY"),
        ]
        let good = try await Self.line(settings)
        #expect(good.outcome.mark == "✓", "\(good)")
        settings["AWS_SECRET_ACCESS_KEY"] = "wrong-secret-wrong-secret-wrong-secret-0000"
        let bad = try await Self.line(settings)
        #expect(bad.outcome.isFailure && !bad.description.contains("wrong-secret"), "\(bad)")
        settings["AWS_SECRET_ACCESS_KEY"] = try MotoS3.required("TAGARELA_TEST_S3_SECRET_ACCESS_KEY")
        settings["S3_BUCKET"] = MotoS3.uniqueBucket()
        let missing = try await Self.line(settings)
        #expect(missing.outcome.isFailure, "\(missing)")
    }
}
