import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

/// A real 1×1 PNG and a WebP header: what the fakes accept as images.
enum ImageSamples {
    static let png = Data(
        base64Encoded:
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")!
    static let webP = Data("RIFF".utf8) + Data([0x1A, 0, 0, 0]) + Data("WEBPVP8L".utf8) + Data(repeating: 0, count: 14)

    /// "Oi", the assistant's answer, then a captioned photo and an uncaptioned one in one user message.
    static let request = LLMRequest(
        systemPrompt: "Você é a Tagarela.",
        messages: [
            ChatMessage(role: .user, content: "Oi"),
            ChatMessage(role: .assistant, content: "Olá!"),
            ChatMessage(
                role: .user, content: "Meu gato dormindo no sofá",
                images: [
                    ModelImage(bytes: png, mimeType: "image/png", caption: "Meu gato dormindo no sofá"),
                    ModelImage(bytes: webP, mimeType: "image/webp", detail: .low),
                ]),
        ])
}

@Suite("Each provider shows the model a captioned image in its own shape", .timeLimit(.minutes(3)))
struct ProviderImageTests {
    /// Sends the sample request through `provider` and checks what the OpenAI fake received: both images, with
    /// their exact bytes, types and details, in a user's message; the request as the fake recorded it.
    static func sentSamples(_ provider: some LLMProvider, _ fake: FakeOpenAI) async throws -> FakeOpenAI.Request {
        let reply = try await provider.reply(to: ImageSamples.request)
        #expect(reply.text == "Resposta para: Meu gato dormindo no sofá")
        let request = try #require(await fake.requests().first)
        #expect(request.rejection == nil)
        #expect(request.images.map(\.bytes) == [ImageSamples.png, ImageSamples.webP])
        #expect(request.images.map(\.mimeType) == ["image/png", "image/webp"])
        #expect(request.images.map(\.detail) == ["auto", "low"])
        #expect(request.images.allSatisfy { $0.role == "user" })
        return request
    }

    @Test("Responses: input_text then input_image data URLs; the fake saw the exact bytes, types and details")
    func responses() async throws {
        let suite = OpenAIResponsesProviderTests()
        try await suite.withFake { fake in
            let request = try await Self.sentSamples(suite.provider(fake.baseURL), fake)
            #expect(request.rawJSON.contains(#""type":"input_text""#))
        }
    }

    @Test("a message without images is sent as before: a plain string content")
    func textOnlyUnchanged() async throws {
        let provider = OpenAIResponsesProviderTests().provider("http://127.0.0.1:1/v1")
        let body = try provider.makeBody(
            for: LLMRequest(systemPrompt: "s", messages: [ChatMessage(role: .user, content: "oi")]))
        let text = String(decoding: body, as: UTF8.self)
        #expect(text.contains(#""content":"oi""#))
        #expect(!text.contains("input_image"))
    }

    @Test("Chat Completions: a text part then image_url objects; the fake saw the exact bytes and types")
    func chat() async throws {
        let suite = OpenAIChatProviderTests()
        try await suite.withFake { fake in
            let request = try await Self.sentSamples(suite.provider(fake.baseURL), fake)
            // Earlier messages stay plain strings.
            #expect(request.rawJSON.contains(#""content":"Oi""#) && request.rawJSON.contains(#""content":"Olá!""#))
        }
    }

    @Test("an assistant message's images become text notes: Chat Completions takes images from users only")
    func assistantImagesBecomeNotes() async throws {
        let suite = OpenAIChatProviderTests()
        try await suite.withFake { fake in
            let image = ModelImage(bytes: ImageSamples.png, mimeType: "image/png", caption: "o gráfico")
            let request = LLMRequest(
                systemPrompt: "s",
                messages: [
                    ChatMessage(role: .user, content: "Manda o gráfico"),
                    ChatMessage(role: .assistant, content: "o gráfico", images: [image]),
                    ChatMessage(role: .user, content: "Obrigado"),
                ])
            _ = try await suite.provider(fake.baseURL).reply(to: request)
            let sent = try #require(await fake.requests().first)
            #expect(sent.rejection == nil && sent.images.isEmpty)
            #expect(sent.messages.map(\.content) == ["s", "Manda o gráfico", "[imagem: o gráfico]", "Obrigado"])
        }
    }

    @Test("Gemini: inlineData parts with bare base64 before the text; the fake saw the exact bytes and types")
    func gemini() async throws {
        let suite = GeminiProviderTests()
        try await suite.withFake { fake in
            let reply = try await suite.provider(fake.baseURL).reply(to: ImageSamples.request)
            #expect(reply.text == "Resposta para: Meu gato dormindo no sofá")
            let request = try #require(await fake.requests().first)
            #expect(request.rejection == nil)
            #expect(request.inlineData.map(\.bytes) == [ImageSamples.png, ImageSamples.webP])
            #expect(request.inlineData.map(\.mimeType) == ["image/png", "image/webp"])
            #expect(request.contents.last?.role == "user" && request.contents.last?.inlineData.count == 2)
            #expect(request.rawJSON.contains(#""inlineData""#) && !request.rawJSON.contains("data:image"))
        }
    }

    @Test("Gemini: a photo with no caption is a user turn of its own")
    func geminiUncaptioned() async throws {
        let suite = GeminiProviderTests()
        try await suite.withFake { fake in
            let request = LLMRequest(
                systemPrompt: "s",
                messages: [
                    ChatMessage(
                        role: .user, content: "", images: [.init(bytes: ImageSamples.png, mimeType: "image/png")])
                ])
            _ = try await suite.provider(fake.baseURL).reply(to: request)
            let sent = try #require(await fake.requests().first)
            #expect(sent.rejection == nil && sent.inlineData.map(\.bytes) == [ImageSamples.png])
        }
    }

    @Test("Conversations: the new items carry the turn's images, from the request or beside unseen messages")
    func conversations() async throws {
        let suite = OpenAIConversationsProviderTests()
        try await suite.base.withFake { fake in
            let store = MemoryConversationStore()
            let provider = suite.provider(fake, store: store)
            var request = ImageSamples.request
            request.contactID = 7
            _ = try await provider.reply(to: request)
            let first = try #require(await fake.requests().last)
            #expect(first.rejection == nil && first.conversation != nil)
            #expect(first.images.map(\.bytes) == [ImageSamples.png, ImageSamples.webP])

            // The next turn knows its messages by their stored rows, which hold no bytes: the images still go.
            var next = ImageSamples.request
            next.contactID = 7
            next.messages = [
                ChatMessage(
                    role: .user, content: "E este?", images: [.init(bytes: ImageSamples.png, mimeType: "image/png")])
            ]
            next.source = [OpenAIConversationsPendingCallTests.stored(10, .inbound, "E este?")]
            _ = try await provider.reply(to: next)
            let second = try #require(await fake.requests().last)
            #expect(second.rejection == nil)
            #expect(second.images.map(\.bytes) == [ImageSamples.png])
            #expect(second.input.first?.text == "E este?")
        }
    }
}
