import Testing

@testable import TagarelaObjectStorage

/// S3's XML error documents become typed errors; their descriptions carry the code and message, nothing secret.
@Suite(.timeLimit(.minutes(2)))
struct S3ErrorTests {
    func document(_ code: String, _ message: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Error><Code>\(code)</Code><Message>\(message)</Message><Key>voice/missing.ogg</Key>\
        <RequestId>4442587FB7D0A2F9</RequestId></Error>
        """
    }

    @Test func codesMapToCases() {
        #expect(
            S3Error.from(status: 404, body: document("NoSuchKey", "The specified key does not exist."), key: "k")
                == .notFound(key: "k"))
        #expect(S3Error.from(status: 404, body: "", key: "k") == .notFound(key: "k"))
        #expect(
            S3Error.from(status: 404, body: document("NoSuchBucket", "The specified bucket does not exist"), key: "k")
                == .http(status: 404, code: "NoSuchBucket", message: "The specified bucket does not exist"))
        #expect(
            S3Error.from(status: 403, body: document("SignatureDoesNotMatch", "Check your key."), key: "k")
                == .signatureDoesNotMatch(message: "Check your key."))
        #expect(
            S3Error.from(status: 403, body: document("AccessDenied", "Request has expired"), key: "k")
                == .accessDenied(code: "AccessDenied", message: "Request has expired"))
        #expect(S3Error.from(status: 403, body: "", key: "k") == .accessDenied(code: nil, message: nil))
        #expect(
            S3Error.from(status: 503, body: document("SlowDown", "Please reduce your request rate."), key: nil)
                == .http(status: 503, code: "SlowDown", message: "Please reduce your request rate."))
        #expect(
            S3Error.from(status: 500, body: "<html>oops</html>", key: nil)
                == .http(
                    status: 500, code: nil, message: nil))
    }

    @Test func entitiesAreDecodedAndLongMessagesCut() {
        let error = S3Error.from(status: 400, body: document("InvalidArgument", "a &lt;b&gt; &amp; c"), key: nil)
        #expect(error == .http(status: 400, code: "InvalidArgument", message: "a <b> & c"))
        let long = S3Error.from(status: 400, body: document("X", String(repeating: "m", count: 5000)), key: nil)
        guard case .http(_, _, let message?) = long else {
            Issue.record("no message in \(long)")
            return
        }
        #expect(message.count == 300)
    }

    @Test func descriptionsSayWhatToCheck() {
        #expect("\(S3Error.notFound(key: "a b.jpg"))" == "S3: no object at key 'a b.jpg'")
        #expect("\(S3Error.signatureDoesNotMatch(message: nil))".contains("AWS_SECRET_ACCESS_KEY"))
        #expect(
            "\(S3Error.accessDenied(code: "InvalidAccessKeyId", message: "no such key"))"
                == "S3 denied access (InvalidAccessKeyId): no such key")
        #expect("\(S3Error.http(status: 503, code: "SlowDown", message: nil))" == "S3 answered HTTP 503 SlowDown")
        #expect("\(S3Error.invalidExpiry(seconds: 0))".contains("604800"))
    }
}
