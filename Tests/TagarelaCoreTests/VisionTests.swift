import Foundation
import Testing

@testable import TagarelaCore

@Suite("LLM_VISION and the text notes of a model that cannot see", .timeLimit(.minutes(1)))
struct VisionTests {
    static let openAI = "https://api.openai.com/v1"
    static let ollama = "http://localhost:11434/v1"
    static let gemini = "https://generativelanguage.googleapis.com/v1beta"

    @Test("auto: on for OpenAI's own API and Gemini, off for other OpenAI-compatible servers")
    func auto() {
        #expect(VisionSupport.auto.isEnabled(for: .openAIResponses, baseURL: Self.openAI))
        #expect(VisionSupport.auto.isEnabled(for: .openAIChat, baseURL: "https://API.OpenAI.com/v1/"))
        #expect(VisionSupport.auto.isEnabled(for: .gemini, baseURL: Self.gemini))
        #expect(VisionSupport.auto.isEnabled(for: .gemini, baseURL: "http://127.0.0.1:9/v1beta"))
        #expect(!VisionSupport.auto.isEnabled(for: .openAIChat, baseURL: Self.ollama))
        #expect(!VisionSupport.auto.isEnabled(for: .openAIChat, baseURL: "https://openrouter.ai/api/v1"))
        #expect(!VisionSupport.auto.isEnabled(for: .openAIResponses, baseURL: "https://api.openai.com.evil.test/v1"))
        #expect(!VisionSupport.auto.isEnabled(for: .openAIChat, baseURL: "not a url"))
    }

    @Test("on and off decide alone, whatever the provider")
    func explicit() {
        for api in VisionSupport.API.allCases {
            for base in [Self.openAI, Self.ollama, Self.gemini] {
                #expect(VisionSupport.on.isEnabled(for: api, baseURL: base))
                #expect(!VisionSupport.off.isEnabled(for: api, baseURL: base))
            }
        }
        #expect(VisionSupport(rawValue: "auto") == .auto && VisionSupport(rawValue: "sim") == nil)
    }

    static let photo = Data([0xFF, 0xD8, 0xFF, 0xE0])

    @Test("a captioned photo reads as its note, once: the caption in the text becomes the note")
    func captioned() {
        let message = ChatMessage(
            role: .user, content: "Meu gato no sofá",
            images: [ModelImage(bytes: Self.photo, mimeType: "image/jpeg", caption: "Meu gato no sofá")])
        #expect(message.withoutImages() == ChatMessage(role: .user, content: "[imagem: Meu gato no sofá]"))
    }

    @Test("a photo without caption: the note says so, after any text")
    func uncaptioned() {
        let image = ModelImage(bytes: Self.photo, mimeType: "image/jpeg")
        #expect(
            ChatMessage(role: .user, content: "", images: [image]).withoutImages().content == "[imagem: sem legenda]")
        #expect(
            ChatMessage(role: .user, content: "olha", images: [image]).withoutImages().content
                == "olha\n[imagem: sem legenda]")
        let blank = ModelImage(bytes: Self.photo, mimeType: "image/jpeg", caption: "  ")
        #expect(blank.textNote == "[imagem: sem legenda]")
    }

    @Test("a burst: text, a captioned photo and a bare one keep their order")
    func burst() {
        let message = ChatMessage(
            role: .user, content: "oi\nMinha praia\nbonito né",
            images: [
                ModelImage(bytes: Self.photo, mimeType: "image/jpeg", caption: "Minha praia"),
                ModelImage(bytes: Self.photo, mimeType: "image/png"),
            ])
        #expect(
            message.withoutImages().content == "oi\n[imagem: Minha praia]\nbonito né\n[imagem: sem legenda]")
    }

    @Test("a caption found only inside a longer line is not replaced; the note is added")
    func captionInsideALine() {
        let message = ChatMessage(
            role: .user, content: "gato preto",
            images: [ModelImage(bytes: Self.photo, mimeType: "image/jpeg", caption: "gato")])
        #expect(message.withoutImages().content == "gato preto\n[imagem: gato]")
    }

    @Test("a custom note, a message without images unchanged, and a whole request")
    func notesAndRequests() {
        let image = ModelImage(bytes: Self.photo, mimeType: "image/jpeg", caption: "x")
        let message = ChatMessage(role: .user, content: "x", images: [image])
        #expect(message.withoutImages(note: { "[photo: \($0.caption ?? "")]" }).content == "[photo: x]")
        let plain = ChatMessage(role: .assistant, content: "oi")
        #expect(plain.withoutImages() == plain)
        let request = LLMRequest(systemPrompt: "s", messages: [plain, message])
        #expect(request.withoutImages().messages.map(\.content) == ["oi", "[imagem: x]"])
        #expect(request.withoutImages().messages.allSatisfy { $0.images.isEmpty })
    }

    @Test("a data URL is the MIME type and the bytes in base64")
    func dataURL() {
        #expect(ModelImage(bytes: Data([1, 2, 3]), mimeType: "image/png").dataURL == "data:image/png;base64,AQID")
    }
}
