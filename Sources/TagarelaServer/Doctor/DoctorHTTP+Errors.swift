import Foundation

extension DoctorHTTP.Answer {
    /// The service's own words for a refusal: `error.message` (OpenAI, Gemini, Meta) or `message` (Twilio),
    /// with the code it gives, else the status alone.
    public var refusal: String {
        let json = self.json
        let error = json?["error"] as? [String: Any]
        let message = error?["message"] as? String ?? json?["message"] as? String
        let code = error?["code"] ?? json?["code"]
        let codeText = code.map { " (code \($0))" } ?? ""
        return "HTTP \(status)" + (message.map { ": \($0)" } ?? "") + codeText
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}
