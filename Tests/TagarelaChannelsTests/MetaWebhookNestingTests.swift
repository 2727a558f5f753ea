import Foundation
import TagarelaChannels
import Testing

@Suite("MetaWebhookParser: deeply nested bodies", .timeLimit(.minutes(3)))
struct MetaWebhookNestingTests {
    static let prefix = #"{"object":"whatsapp_business_account","entry":[],"extra":"#

    /// The error a body gets, or nil when it parses.
    func error(of body: String) -> MetaWebhookError? {
        do {
            _ = try MetaWebhookParser.parse(Array(body.utf8))
            return nil
        } catch {
            return error as? MetaWebhookError
        }
    }

    func isMalformed(_ error: MetaWebhookError?) -> Bool {
        if case .malformedJSON = error { return true }
        return false
    }

    // Without the depth check, Foundation's recursive scanner crashed this process on the 100,000 case.
    @Test("100,000 and 1,000,000 nested arrays or objects are malformed, not a crash", arguments: [100_000, 1_000_000])
    func deepNesting(depth: Int) {
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(isMalformed(error(of: Self.prefix + arrays + "}")))
        #expect(isMalformed(error(of: String(repeating: "[", count: depth))))
        #expect(isMalformed(error(of: Self.prefix + String(repeating: #"{"a":"#, count: depth))))
    }

    @Test("nesting up to 64 levels parses; brackets inside strings do not count")
    func shallowNesting() {
        // The object itself is the first level.
        let sixtyThree = String(repeating: "[", count: 63) + String(repeating: "]", count: 63)
        #expect(error(of: Self.prefix + sixtyThree + "}") == nil)
        #expect(isMalformed(error(of: Self.prefix + "[" + sixtyThree + "]}")))
        let quoted = "\"" + String(repeating: "[{\\\"", count: 10_000) + "\""
        #expect(error(of: Self.prefix + quoted + "}") == nil)
    }
}
