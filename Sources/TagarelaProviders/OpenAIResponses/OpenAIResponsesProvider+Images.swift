import TagarelaCore

extension OpenAIResponsesProvider {
    /// One message as an input item: `{"role","content":"<text>"}`, or, for a user's message with images, content
    /// parts: `input_text` then one `input_image` per image, its `image_url` a data URL and its `detail` always
    /// given (https://platform.openai.com/docs/guides/images-vision, "Analyze images").
    static func inputItem(for message: ChatMessage) -> JSONValue {
        let message = message.role == .user ? message : message.withoutImages()
        let role = JSONValue.string(inputRole(for: message.role))
        guard !message.images.isEmpty else { return ["role": role, "content": .string(message.content)] }
        var parts: [JSONValue] =
            message.content.isEmpty ? [] : [["type": "input_text", "text": .string(message.content)]]
        parts += message.images.map { image -> JSONValue in
            ["type": "input_image", "image_url": .string(image.dataURL), "detail": .string(image.detail.rawValue)]
        }
        return ["role": role, "content": .array(parts)]
    }
}
