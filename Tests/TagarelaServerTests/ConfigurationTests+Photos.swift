import Foundation
import TagarelaCore
import TagarelaObjectStorage
import Testing

@testable import TagarelaServer

extension ConfigurationTests {
    @Test func photosVisionAndMediaStorage() throws {
        let defaults = try Configuration.load(environment: [:])
        #expect(defaults.photos.descriptions == .ask && defaults.photos.vision == .auto)
        #expect(defaults.photos.descriptionWait == .seconds(6 * 3600))
        #expect(defaults.mediaStorage.kind == .database && defaults.mediaStorage.s3 == nil)
        let set = try Configuration.load(environment: [
            "IMAGE_DESCRIPTIONS": "off", "LLM_VISION": "on", "IMAGE_DESCRIPTION_WAIT_MINUTES": "30",
            "MEDIA_STORAGE": "filesystem", "MEDIA_DIR": "/srv/tagarela/media",
        ])
        #expect(set.photos.descriptions == .off && set.photos.vision == .on)
        #expect(set.photos.descriptionWait == .seconds(1800) && set.mediaStorage.directory == "/srv/tagarela/media")
        // The photo script's .env: its bucket is read (files it stored stay readable) without MEDIA_STORAGE.
        let script = try Configuration.load(environment: [
            "S3_ENDPOINT": "https://s3.fr-par.scw.cloud", "BUCKET_NAME": "my-images-bucket", "PREFIX": "images/",
            "S3_REGION": "fr-par", "AWS_ACCESS_KEY_ID": "SCWXXXXXXXXXXXXXXXXX", "AWS_SECRET_ACCESS_KEY": "secret-key",
        ])
        #expect(script.mediaStorage.kind == .database && script.mediaStorage.s3?.bucket == "my-images-bucket")
        for bad in [
            ["MEDIA_STORAGE": "filesystem"], ["MEDIA_STORAGE": "s3"], ["MEDIA_STORAGE": "ftp"],
            ["IMAGE_DESCRIPTIONS": "sometimes"], ["LLM_VISION": "maybe"],
        ] {
            #expect(throws: ConfigurationError.self, "\(bad)") { try Configuration.load(environment: bad) }
        }
    }
}
