import Foundation
import Testing

@testable import TagarelaObjectStorage

/// Reading the S3 settings from the environment: defaults, the photo script's aliases, and one clear line per
/// mistake that never repeats the secret.
@Suite(.timeLimit(.minutes(2)))
struct S3SettingsTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    let minimal = [
        "S3_BUCKET": "tagarela-media", "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": secret,
    ]

    func reading(_ changes: [String: String?]) throws(S3SettingsError) -> S3Settings {
        var environment = minimal
        for (name, value) in changes { environment[name] = value }
        return try S3Settings(environment: environment)
    }

    func failure(_ changes: [String: String?]) -> S3SettingsError? {
        do throws(S3SettingsError) {
            _ = try reading(changes)
            return nil
        } catch {
            return error
        }
    }

    @Test func awsByDefaultWithTheBucketInTheHostName() throws {
        let settings = try reading([:])
        #expect(settings.endpoint == nil)
        #expect(settings.region == "us-east-1")
        #expect(!settings.forcePathStyle)
        #expect(settings.prefix == "")
        #expect(settings.address(ofObject: "a.jpg").url == "https://tagarela-media.s3.us-east-1.amazonaws.com/a.jpg")
    }

    @Test func anEndpointMeansPathStyleUnlessToldOtherwise() throws {
        let scaleway = try reading(["S3_ENDPOINT": "https://s3.fr-par.scw.cloud", "S3_REGION": "fr-par"])
        #expect(scaleway.forcePathStyle)
        #expect(scaleway.address(ofObject: "a b.jpg").url == "https://s3.fr-par.scw.cloud/tagarela-media/a%20b.jpg")

        let hosted = try reading(["S3_ENDPOINT": "https://s3.fr-par.scw.cloud", "S3_FORCE_PATH_STYLE": "false"])
        #expect(hosted.address(ofObject: "a.jpg").url == "https://tagarela-media.s3.fr-par.scw.cloud/a.jpg")

        let aws = try reading(["S3_FORCE_PATH_STYLE": "true", "S3_REGION": "eu-west-3"])
        #expect(aws.address(ofObject: "a.jpg").url == "https://s3.eu-west-3.amazonaws.com/tagarela-media/a.jpg")
    }

    @Test func theEndpointKeepsItsPortAndPath() throws {
        let local = try reading(["S3_ENDPOINT": "http://127.0.0.1:9000/"])
        #expect(local.address(ofObject: "x").url == "http://127.0.0.1:9000/tagarela-media/x")
        let proxied = try reading(["S3_ENDPOINT": "https://storage.example.com:443/s3/"])
        #expect(proxied.address(ofObject: "x").url == "https://storage.example.com/s3/tagarela-media/x")
        #expect(proxied.bucketAddress.url == "https://storage.example.com/s3/tagarela-media")
    }

    @Test func thePhotoScriptsNamesAreAccepted() throws {
        let settings = try reading(["S3_BUCKET": nil, "BUCKET_NAME": "my-images-bucket", "PREFIX": "images/"])
        #expect(settings.bucket == "my-images-bucket")
        #expect(settings.prefix == "images/")
        #expect(settings.objectKey("cat.jpg") == "images/cat.jpg")
        // The same value under both names is no conflict.
        #expect(try reading(["BUCKET_NAME": "tagarela-media"]).bucket == "tagarela-media")
        #expect(failure(["BUCKET_NAME": "other-bucket"]) == .conflicting(setting: "S3_BUCKET", alias: "BUCKET_NAME"))
        #expect(failure(["S3_PREFIX": "a/", "PREFIX": "b/"]) == .conflicting(setting: "S3_PREFIX", alias: "PREFIX"))
    }

    @Test(arguments: [("images", "images/"), ("/images/", "images/"), ("a/b", "a/b/"), ("", ""), ("/", "")])
    func thePrefixIsAFolder(given: String, expected: String) throws {
        #expect(try reading(["S3_PREFIX": given]).prefix == expected)
    }

    @Test func missingSettingsAreNamed() {
        #expect(failure(["S3_BUCKET": nil]) == .missing(setting: "S3_BUCKET"))
        #expect(failure(["S3_BUCKET": "  "]) == .missing(setting: "S3_BUCKET"))
        #expect(failure(["AWS_ACCESS_KEY_ID": nil]) == .missing(setting: "AWS_ACCESS_KEY_ID"))
        #expect(failure(["AWS_SECRET_ACCESS_KEY": ""]) == .missing(setting: "AWS_SECRET_ACCESS_KEY"))
    }

    @Test func invalidValuesAreNamed() {
        let cases: [([String: String?], String)] = [
            (["S3_ENDPOINT": "s3.fr-par.scw.cloud"], "S3_ENDPOINT"),
            (["S3_ENDPOINT": "ftp://s3.example.com"], "S3_ENDPOINT"),
            (["S3_ENDPOINT": "https://s3.example.com/?x=1"], "S3_ENDPOINT"),
            (["S3_BUCKET": "Tagarela_Media"], "S3_BUCKET"),
            (["S3_BUCKET": "ab"], "S3_BUCKET"),
            (["S3_BUCKET": "-tagarela"], "S3_BUCKET"),
            (["S3_REGION": "EU West"], "S3_REGION"),
            (["S3_FORCE_PATH_STYLE": "maybe"], "S3_FORCE_PATH_STYLE"),
            (["S3_BUCKET": "media.example.com"], "S3_FORCE_PATH_STYLE"),
        ]
        for (changes, setting) in cases {
            guard case .invalid(let named, _)? = failure(changes) else {
                Issue.record("\(changes) was accepted")
                continue
            }
            #expect(named == setting, "\(changes)")
        }
        // A dotted bucket is fine in the path.
        #expect(failure(["S3_BUCKET": "media.example.com", "S3_FORCE_PATH_STYLE": "true"]) == nil)
    }

    @Test func theSecretIsNeverShown() throws {
        let settings = try reading(["S3_ENDPOINT": "http://127.0.0.1:9000"])
        #expect(!String(describing: settings).contains(Self.secret))
        #expect(!String(reflecting: settings).contains(Self.secret))
        #expect(!"\(settings.credentials)".contains(Self.secret))
    }

    @Test func eachErrorSaysWhichSetting() {
        let described = [
            failure(["AWS_SECRET_ACCESS_KEY": nil]), failure(["S3_REGION": "?"]),
            failure(["PREFIX": "other/", "S3_PREFIX": "images/"]),
        ].map { $0.map(String.init(describing:)) ?? "" }
        #expect(described[0] == "AWS_SECRET_ACCESS_KEY is not set: S3 storage needs it")
        #expect(described[1].hasPrefix("S3_REGION is invalid: '?'"))
        #expect(described[2].hasPrefix("S3_PREFIX and PREFIX are both set"))
    }

    @Test("a link names an object of the bucket in path style, in the host name, as s3://, decoded; nothing else does")
    func objectKeysOfLinks() throws {
        let scaleway = try reading([
            "S3_ENDPOINT": "https://s3.fr-par.scw.cloud", "S3_REGION": "fr-par", "BUCKET_NAME": "my-images-bucket",
            "S3_BUCKET": nil, "PREFIX": "tagarela/",
        ])
        let named: [(String, String?)] = [
            ("https://my-images-bucket.s3.fr-par.scw.cloud/images/gato%20preto.jpg", "images/gato preto.jpg"),
            ("https://s3.fr-par.scw.cloud/my-images-bucket/images/a.jpg", "images/a.jpg"),
            ("https://S3.FR-PAR.SCW.CLOUD:443/my-images-bucket/images/a.jpg", "images/a.jpg"),
            ("s3://my-images-bucket/images/a.jpg", "images/a.jpg"),
            ("s3://other-bucket/images/a.jpg", nil),
            ("https://other-bucket.s3.fr-par.scw.cloud/images/a.jpg", nil),
            ("https://s3.fr-par.scw.cloud/other-bucket/images/a.jpg", nil),
            ("https://s3.fr-par.scw.cloud/my-images-bucket/", nil),
            ("https://s3.fr-par.scw.cloud:8443/my-images-bucket/a.jpg", nil),
            ("https://example.com/my-images-bucket/a.jpg", nil),
            ("ftp://s3.fr-par.scw.cloud/my-images-bucket/a.jpg", nil),
        ]
        for (link, key) in named {
            #expect(scaleway.objectKey(named: try #require(URL(string: link))) == key, "\(link)")
        }
        let aws = try reading(["S3_REGION": "eu-west-3"])
        for link in [
            "https://tagarela-media.s3.eu-west-3.amazonaws.com/images/a.jpg",
            "https://tagarela-media.s3.amazonaws.com/images/a.jpg",
            "https://s3.eu-west-3.amazonaws.com/tagarela-media/images/a.jpg",
        ] {
            #expect(aws.objectKey(named: try #require(URL(string: link))) == "images/a.jpg", "\(link)")
        }
        let local = try reading(["S3_ENDPOINT": "http://127.0.0.1:5055/base/"])
        #expect(
            local.objectKey(named: try #require(URL(string: "http://127.0.0.1:5055/base/tagarela-media/x/y.png")))
                == "x/y.png")
        #expect(
            local.objectKey(named: try #require(URL(string: "http://127.0.0.1:5056/base/tagarela-media/y.png"))) == nil)
    }
}
