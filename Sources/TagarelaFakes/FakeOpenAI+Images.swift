import Foundation
import TagarelaCore

extension FakeOpenAI.Request {
    /// An image part as the fake received it: a data URL's bytes, or an https link (then `bytes` is empty).
    public struct Image: Sendable, Equatable {
        public var role: String
        /// The data URL's MIME type; empty for a link.
        public var mimeType: String
        public var bytes: Data
        public var url: String?
        public var detail: String?
    }
}

extension FakeOpenAIHandler {
    /// The longest `image_url` the Responses API takes (`InputImageContentParamAutoParam`: maxLength 20971520).
    static let maxImageURLLength = 20_971_520

    /// The image types OpenAI reads (https://platform.openai.com/docs/guides/images-vision): GIF only when not
    /// animated.
    static let imageTypes: Set<String> = ["image/png", "image/jpeg", "image/webp", "image/gif"]

    /// Reads an image part's URL as OpenAI does: an https link, or a base64 data URL of a supported image.
    /// `label` names the field in OpenAI's wording; `details` are the `detail` values the endpoint takes, and
    /// `maxLength` the longest URL it takes, if it says.
    static func readImage(
        url: JSONValue?, detail: JSONValue?, role: String, param: String, label: String, details: Set<String>,
        maxLength: Int? = nil
    ) throws(InputRejection) -> FakeOpenAI.Request.Image {
        var detailText: String?
        switch detail {
        case nil, .null: break
        case .string(let text) where details.contains(text): detailText = text
        default:
            throw InputRejection(
                .invalid(
                    "Invalid value for '\(param).detail': expected one of \(details.sorted()).",
                    param: "\(param).detail", code: "invalid_value"))
        }
        guard case .string(let text) = url else {
            throw InputRejection(
                .invalid("Invalid type for '\(param)': expected a string.", param: param, code: "invalid_type"))
        }
        if let maxLength, text.utf8.count > maxLength {
            throw InputRejection(
                .invalid(
                    "Invalid '\(param)': string too long. Expected a string with maximum length \(maxLength), but got a "
                        + "string with length \(text.utf8.count) instead.", param: param,
                    code: "string_above_max_length"))
        }
        if text.hasPrefix("https://"), URL(string: text)?.host != nil {
            return .init(role: role, mimeType: "", bytes: Data(), url: text, detail: detailText)
        }
        func refuse(_ reason: String) -> InputRejection {
            InputRejection(
                .invalid(
                    "\(label) Expected a base64-encoded data URL with an image MIME type (e.g. "
                        + "'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got \(reason).", param: param,
                    code: "invalid_value"))
        }
        guard text.hasPrefix("data:") else { throw refuse("a value without the 'data:' prefix") }
        guard let comma = text.firstIndex(of: ","), text[..<comma].hasSuffix(";base64") else {
            throw refuse("a value that is not base64-encoded")
        }
        let mimeType = String(text[text.index(text.startIndex, offsetBy: 5)..<comma].dropLast(";base64".count))
        guard imageTypes.contains(mimeType) else { throw refuse("unsupported MIME type '\(mimeType)'") }
        let base64 = text[text.index(after: comma)...]
        guard !base64.isEmpty else { throw refuse("empty base64-encoded bytes") }
        guard let bytes = Data(base64Encoded: String(base64)) else { throw refuse("an invalid base64-encoded value") }
        // The model decodes the bytes: what is not an image it reads, or an animated GIF, is refused.
        guard let actual = MediaSniffer.contentType(of: bytes), imageTypes.contains(actual),
            !MediaSniffer.isAnimatedGIF(bytes)
        else {
            throw InputRejection(
                .init(
                    status: 400,
                    message: "You uploaded an unsupported image. Please make sure your image is below 20 MB in size "
                        + "and is of one the following formats: ['png', 'jpeg', 'gif', 'webp'].",
                    param: param, code: "invalid_image_format"))
        }
        return .init(role: role, mimeType: mimeType, bytes: bytes, url: nil, detail: detailText)
    }
}

extension FakeOpenAIHandler {
    /// The part types `ChatCompletionRequestMessage` content arrays may hold, for OpenAI's refusal wording.
    static let chatPartTypes = ["text", "image_url", "input_audio", "refusal", "audio", "file"]

    /// A chat message's content parts: `text` for every role, `refusal` for the assistant, and `image_url`
    /// (an object `{url, detail}`) only in a user's message, as OpenAI insists. Returns the texts joined.
    func chatContentParts(
        _ parts: [JSONValue], role: String, param: String, into record: inout FakeOpenAI.Request
    ) throws(InputRejection) -> String {
        var text = ""
        for (index, part) in parts.enumerated() {
            let partParam = "\(param).content[\(index)]"
            guard case .string(let type) = part["type"], Self.chatPartTypes.contains(type) else {
                let given = part["type"]?.stringValue ?? ""
                throw InputRejection(
                    .invalid(
                        "Invalid value: '\(given)'. Supported values are: 'text', 'image_url', 'input_audio', "
                            + "'refusal', 'audio', and 'file'.", param: "\(partParam).type", code: "invalid_value"))
            }
            switch type {
            case "text":
                guard case .string(let piece) = part["text"] else {
                    throw InputRejection(
                        .invalid(
                            "Missing required parameter: '\(partParam).text'.", param: "\(partParam).text",
                            code: "missing_required_parameter"))
                }
                text += piece
            case "image_url" where role == "user":
                guard case .object(let image) = part["image_url"] else {
                    throw InputRejection(
                        .invalid(
                            "Invalid type for '\(partParam).image_url': expected an object, but got "
                                + "\(part["image_url"]?.stringValue != nil ? "a string" : "another type") instead.",
                            param: "\(partParam).image_url", code: "invalid_type"))
                }
                let urlParam = "\(partParam).image_url.url"
                record.images.append(
                    try Self.readImage(
                        url: image["url"], detail: image["detail"], role: role, param: urlParam,
                        label: "Invalid image URL: '\(urlParam)'.", details: ["auto", "low", "high"]))
            case "image_url":
                throw InputRejection(
                    .invalid(
                        "Invalid '\(param)'. Image URLs are only allowed for messages with role 'user', but this "
                            + "message with role '\(role)' contains an image URL.", param: param,
                        code: "invalid_value"))
            case "refusal" where role == "assistant":
                continue
            default:
                throw InputRejection(
                    .invalid(
                        "Invalid value: '\(type)'. This fake takes 'text' and 'image_url' parts for role '\(role)'.",
                        param: "\(partParam).type", code: "invalid_value"))
            }
        }
        return text
    }
}
