import TagarelaChannels
import TagarelaFakes

/// A webhook form and its Twilio signature for the test public URL.
enum FormParametersBuilder {
    static func encode(_ params: [(String, String)], path: String = "/webhooks/twilio") -> (
        body: String, signature: String
    ) {
        let form = FormParameters(params.map { (name: $0.0, value: $0.1) })
        let signature = TwilioSignatureValidator.computeSignature(
            url: TestWorld.publicURL + path, parameters: form, secret: TestWorld.authToken)
        return (FormURLEncoded.encode(form), signature)
    }
}

extension ServerProcess {
    /// Posts a signed Twilio message webhook built from `params`.
    func postWebhook(_ params: [(String, String)]) async throws -> Int {
        let form = FormParametersBuilder.encode(params)
        return try await postWebhook(body: form.body, signature: form.signature)
    }
}
