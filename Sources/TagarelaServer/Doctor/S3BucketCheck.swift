import Foundation
import TagarelaObjectStorage

/// HeadBucket with the configured keys: the bucket exists and they may use it.
struct S3BucketCheck: DoctorCheck {
    let settings: S3Settings
    let name = "S3 bucket"

    func run(_ context: DoctorContext) async throws -> DoctorOutcome {
        let client = S3Client(settings: settings, httpClient: context.http.client, timeout: context.timeout)
        do {
            try await client.headBucket()
            return .passed("\(settings.bucket) is reachable with these keys")
        } catch {
            return .failed(
                "\(settings.bucket): \(error)",
                fix: "check the bucket's name, region and endpoint, and that the access key may read and write it")
        }
    }
}
