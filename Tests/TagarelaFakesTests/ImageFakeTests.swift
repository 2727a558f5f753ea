import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagarelaFakes
import Testing

/// Small images with the real signatures (a 1×1 PNG; GIF and WebP headers), as the fakes check them.
enum SampleImages {
    static let png = Data(
        base64Encoded:
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")!
    static let webP = Data("RIFF".utf8) + Data([0x1A, 0, 0, 0]) + Data("WEBPVP8L".utf8) + Data(repeating: 0, count: 14)
    /// A GIF that loops: the NETSCAPE2.0 application extension marks an animation.
    static let animatedGIF =
        Data("GIF89a".utf8) + Data([1, 0, 1, 0, 0, 0, 0, 0x21, 0xFF, 0x0B]) + Data("NETSCAPE2.0".utf8)
        + Data([3, 1, 0, 0, 0, 0x3B])

    static func dataURL(_ bytes: Data, _ type: String = "image/png") -> String {
        "data:\(type);base64,\(bytes.base64EncodedString())"
    }
}

/// One image part in a malformed request, the endpoint it goes to, and the error code OpenAI gives.
typealias OpenAICase = OpenAIResponsesFakeTests.Case

extension OpenAICase {
    static func responses(_ name: String, role: String = "user", part: String, code: String = "invalid_value")
        -> OpenAICase
    {
        OpenAICase(
            name: name, body: #"{"model":"m","input":[{"role":"\#(role)","content":[\#(part)]}]}"#, code: code)
    }

    static func chat(_ name: String, role: String = "user", part: String, code: String = "invalid_value")
        -> OpenAICase
    {
        OpenAICase(
            name: name,
            body:
                #"{"model":"m","messages":[{"role":"user","content":"oi"},{"role":"\#(role)","content":[\#(part)]}]}"#,
            code: code, path: "/v1/chat/completions")
    }
}

@Suite("The fakes refuse image parts OpenAI and Gemini would refuse", .timeLimit(.minutes(3)))
struct ImageFakeTests {

    static let png = SampleImages.dataURL(SampleImages.png)

    /// Run by `OpenAIResponsesFakeTests.rejects` with the other malformed requests.
    static let openAICases: [OpenAICase] = [
        .responses("input_image with an http link", part: #"{"type":"input_image","image_url":"http://x.test/a.png"}"#),
        .responses("input_image with a bare path", part: #"{"type":"input_image","image_url":"/tmp/a.png"}"#),
        .responses(
            "input_image whose base64 does not decode",
            part: #"{"type":"input_image","image_url":"data:image/png;base64,@@@not-base64@@@"}"#),
        .responses(
            "input_image with empty base64", part: #"{"type":"input_image","image_url":"data:image/png;base64,"}"#),
        .responses(
            "input_image of an unsupported type",
            part: #"{"type":"input_image","image_url":"data:image/bmp;base64,Qk0="}"#),
        .responses(
            "input_image whose bytes are no image",
            part: #"{"type":"input_image","image_url":"data:image/png;base64,aGVsbG8gd29ybGQ="}"#,
            code: "invalid_image_format"),
        .responses(
            "an animated GIF",
            part:
                #"{"type":"input_image","image_url":"\#(SampleImages.dataURL(SampleImages.animatedGIF, "image/gif"))"}"#,
            code: "invalid_image_format"),
        .responses(
            "input_image in an assistant message", role: "assistant",
            part: #"{"type":"input_image","image_url":"\#(png)"}"#),
        .responses(
            "input_image with an unknown detail", part: #"{"type":"input_image","image_url":"\#(png)","detail":"max"}"#),
        .responses("an unknown part type", part: #"{"type":"input_video","video_url":"https://x.test/v.mp4"}"#),
        .responses("Chat Completions' image_url part", part: #"{"type":"image_url","image_url":{"url":"\#(png)"}}"#),
        .chat(
            "image_url in an assistant message", role: "assistant",
            part: #"{"type":"image_url","image_url":{"url":"\#(png)"}}"#),
        .chat(
            "image_url as a string (the Responses shape)", part: #"{"type":"image_url","image_url":"\#(png)"}"#,
            code: "invalid_type"),
        .chat("the Responses API's input_image part", part: #"{"type":"input_image","image_url":"\#(png)"}"#),
        .chat("a data URL without base64", part: #"{"type":"image_url","image_url":{"url":"data:image/png,abc"}}"#),
        .chat(
            "an unsupported type", part: #"{"type":"image_url","image_url":{"url":"data:image/tiff;base64,SUkqAA=="}}"#),
        .chat(
            "base64 that does not decode",
            part: #"{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,***"}}"#),
        .chat(
            "detail original, which only the Responses API takes",
            part: #"{"type":"image_url","image_url":{"url":"\#(png)","detail":"original"}}"#),
        .chat(
            "an image link that is not https", part: #"{"type":"image_url","image_url":{"url":"ftp://x.test/a.png"}}"#),
    ]

    @Test("FakeOpenAI records each image it accepts: bytes and type of a data URL, or the https link")
    func openAIRecords() async throws {
        let fake = try await FakeOpenAI.start()
        let webP = SampleImages.dataURL(SampleImages.webP, "image/webp")
        let responses = """
            {"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":"Meu gato"},
             {"type":"input_image","image_url":"\(Self.png)","detail":"auto"},
             {"type":"input_image","image_url":"https://x.test/gato.jpg","detail":"low"}]}]}
            """
        let chat = """
            {"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"Meu "},{"type":"text","text":"sofá"},
             {"type":"image_url","image_url":{"url":"\(webP)","detail":"high"}}]}]}
            """
        let (first, _) = try await fake.rawPost(body: responses)
        let (second, _) = try await fake.rawPost(path: "/v1/chat/completions", body: chat)
        let recorded = await fake.requests()
        await fake.stop()

        #expect(first == 200 && second == 200)
        let images = recorded.map(\.images)
        #expect(images[0].map(\.bytes) == [SampleImages.png, Data()])
        #expect(images[0].map(\.mimeType) == ["image/png", ""])
        #expect(images[0].map(\.url) == [nil, "https://x.test/gato.jpg"])
        #expect(images[0].map(\.detail) == ["auto", "low"])
        #expect(recorded[0].lastUserMessage == "Meu gato")
        #expect(images[1].map(\.bytes) == [SampleImages.webP] && images[1].first?.mimeType == "image/webp")
        #expect(images[1].first?.role == "user" && images[1].first?.detail == "high")
        #expect(recorded[1].lastUserMessage == "Meu sofá")
    }

    @Test("FakeOpenAI refuses a Responses image_url longer than the spec's 20 MiB of characters")
    func openAIURLTooLong() async throws {
        let fake = try await FakeOpenAI.start()
        let url = Self.png + String(repeating: "A", count: 20_971_520 - Self.png.utf8.count + 4)
        let body = #"{"model":"m","input":[{"role":"user","content":[{"type":"input_image","image_url":"\#(url)"}]}]}"#
        let (status, json) = try await fake.rawPost(body: body)
        await fake.stop()

        #expect(status == 400)
        #expect((json["error"] as? [String: Any])?["code"] as? String == "string_above_max_length")
    }

    /// One `inlineData` part Gemini refuses.
    struct GeminiCase: Sendable, CustomTestStringConvertible {
        var name: String
        var part: String

        var testDescription: String { name }
    }

    static let geminiCases: [GeminiCase] = [
        GeminiCase(
            name: "no mime type", part: #"{"inlineData":{"data":"\#(SampleImages.png.base64EncodedString())"}}"#),
        GeminiCase(
            name: "an empty mime type",
            part: #"{"inline_data":{"mime_type":"","data":"\#(SampleImages.png.base64EncodedString())"}}"#),
        GeminiCase(
            name: "GIF, which Gemini does not read", part: #"{"inlineData":{"mimeType":"image/gif","data":"R0lGODlh"}}"#
        ),
        GeminiCase(name: "base64 that does not decode", part: #"{"inlineData":{"mimeType":"image/png","data":"@@@"}}"#),
        GeminiCase(
            name: "a data URL instead of bare base64",
            part: #"{"inlineData":{"mimeType":"image/png","data":"\#(Self.png)"}}"#),
        GeminiCase(
            name: "bytes that are no image", part: #"{"inlineData":{"mimeType":"image/jpeg","data":"aGVsbG8="}}"#),
        GeminiCase(name: "an unknown part", part: #"{"image":{"mimeType":"image/png","data":"aGVsbG8="}}"#),
    ]

    @Test("FakeGemini refuses a bad inline image with INVALID_ARGUMENT", arguments: geminiCases)
    func geminiRefuses(_ testCase: GeminiCase) async throws {
        let fake = try await FakeGemini.start(apiKey: "AIza-k")
        let body = #"{"contents":[{"role":"user","parts":[\#(testCase.part),{"text":"o que é?"}]}]}"#
        let status = try await Self.post(body, to: fake)
        let recorded = await fake.requests()
        await fake.stop()

        #expect(status == 400)
        #expect(recorded.count == 1 && recorded.first?.rejection != nil)
    }

    @Test("FakeGemini records inline images in either spelling, with their bytes and type")
    func geminiRecords() async throws {
        let fake = try await FakeGemini.start(apiKey: "AIza-k")
        let body = """
            {"contents":[{"role":"user","parts":[
             {"inlineData":{"mimeType":"image/png","data":"\(SampleImages.png.base64EncodedString())"}},
             {"inline_data":{"mime_type":"image/webp","data":"\(SampleImages.webP.base64EncodedString())"}},
             {"text":"Meu gato"}]}]}
            """
        let status = try await Self.post(body, to: fake)
        let recorded = await fake.requests()
        await fake.stop()

        #expect(status == 200)
        let inline = try #require(recorded.first?.inlineData)
        #expect(inline.map(\.mimeType) == ["image/png", "image/webp"])
        #expect(inline.map(\.bytes) == [SampleImages.png, SampleImages.webP])
        #expect(recorded.first?.lastUserText == "Meu gato")
    }

    static func post(_ body: String, to fake: FakeGemini) async throws -> Int {
        var request = HTTPClientRequest(url: fake.baseURL + "/models/gemini-test:generateContent")
        request.method = .POST
        request.headers.add(name: "x-goog-api-key", value: "AIza-k")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 16)
        return Int(response.status.code)
    }
}
