import Foundation
import Testing

@testable import TagarelaCore

@Suite("The shipped tools", .timeLimit(.minutes(3)))
struct ToolsTests {
    /// 2026-11-22 12:00 UTC, a Sunday.
    let noon = Date(timeIntervalSince1970: 1_795_348_800)
    let saoPaulo = TimeZone(identifier: "America/Sao_Paulo")!

    func context(phone: String? = "+5511987654321", facts: [ContactFact] = [], effects: [ToolEffect] = [])
        -> ToolContext
    {
        ToolContext(contact: .sample(phone: phone), facts: facts, effects: effects, now: noon)
    }

    @Test(
        "a number's zone comes from its country code, and in Brazil from its area code",
        arguments: [
            ("+5511987654321", "America/Sao_Paulo"), ("+5592991234567", "America/Manaus"),
            ("+5568999990000", "America/Rio_Branco"), ("5565999990000", "America/Cuiaba"),
            ("+351912345678", "Europe/Lisbon"), ("+14155550100", "America/New_York"),
            ("+244923456789", "Africa/Luanda"), ("+442071234567", "Europe/London"),
        ])
    func phoneZones(phone: String, zone: String) {
        #expect(PhoneTimeZones.zone(forPhone: phone) == zone)
        #expect(TimeZone(identifier: zone) != nil, "the zone database must know \(zone)")
    }

    @Test func unknownCallingCodesHaveNoZone() {
        #expect(PhoneTimeZones.zone(forPhone: "+999123") == nil)
        #expect(PhoneTimeZones.zone(forPhone: "") == nil)
    }

    @Test("current_time answers in the contact's zone, a given zone, or the default")
    func currentTime() async throws {
        let tool = CurrentTimeTool(defaultZone: TimeZone(identifier: "Europe/Lisbon")!)
        let manaus = try await tool.run([:], context: context(phone: "+5592991234567")).result
        #expect(manaus["time"] == "08:00" && manaus["date"] == "2026-11-22" && manaus["weekday"] == "Sunday")
        #expect(manaus["utc_offset"] == "-04:00" && manaus["time_zone"] == "America/Manaus")
        let noPhone = try await tool.run([:], context: context(phone: nil)).result
        #expect(noPhone["time_zone"] == "Europe/Lisbon" && noPhone["time"] == "12:00")
        let tokyo = try await tool.run(["time_zone": "Asia/Tokyo"], context: context()).result
        #expect(tokyo["time"] == "21:00" && tokyo["utc_offset"] == "+09:00")
        await #expect(throws: ToolError.self) { try await tool.run(["time_zone": "Mars/Base"], context: context()) }
    }

    @Test("remember_fact saves once, refuses empty, long and one too many")
    func remember() async throws {
        let tool = RememberFactTool()
        let saved = ContactFact(id: 1, text: "Gosta de café.", createdAt: noon)
        let new = try await tool.run(["fact": " Chama-se Ana. "], context: context(facts: [saved]))
        #expect(new.effects == [.rememberFact("Chama-se Ana.")])
        let again = try await tool.run(["fact": "Gosta de café."], context: context(facts: [saved]))
        #expect(again.effects.isEmpty && again.result["note"] == "already remembered")
        await #expect(throws: ToolError.self) { try await tool.run(["fact": ""], context: context()) }
        await #expect(throws: ToolError.self) {
            try await tool.run(["fact": .string(String(repeating: "a", count: 301))], context: context())
        }
        let full = (1...50).map { ContactFact(id: Int64($0), text: "fato \($0)", createdAt: noon) }
        await #expect(throws: ToolError.self) { try await tool.run(["fact": "mais um"], context: context(facts: full)) }
    }

    @Test("forget_fact by id, by words (case and accents aside), a fact of this turn, and refusals")
    func forget() async throws {
        let tool = ForgetFactTool()
        let facts = [
            ContactFact(id: 4, text: "Mora em São Paulo.", createdAt: noon),
            ContactFact(id: 5, text: "Tem um gato.", createdAt: noon),
        ]
        #expect(try await tool.run(["id": 5], context: context(facts: facts)).effects == [.forgetFact(id: 5)])
        #expect(try await tool.run(["id": "4"], context: context(facts: facts)).effects == [.forgetFact(id: 4)])
        let byWords = try await tool.run(["fact": "mora em sao paulo"], context: context(facts: facts))
        #expect(byWords.effects == [.forgetFact(id: 4)])
        let pending = context(facts: facts, effects: [.rememberFact("Prefere e-mail.")])
        #expect(
            try await tool.run(["fact": "prefere e-mail"], context: pending).effects == [
                .unrememberFact("Prefere e-mail.")
            ])
        await #expect(throws: ToolError.self) { try await tool.run(["id": 99], context: context(facts: facts)) }
        await #expect(throws: ToolError.self) {
            try await tool.run(["id": 5], context: context(facts: facts, effects: [.forgetFact(id: 5)]))
        }
        await #expect(throws: ToolError.self) {
            try await tool.run(["fact": "outra coisa"], context: context(facts: facts))
        }
        await #expect(throws: ToolError.self) { try await tool.run([:], context: context(facts: facts)) }
    }

    @Test("what a turn's effects leave remembered")
    func factTexts() {
        let facts = [ContactFact(id: 4, text: "A", createdAt: noon), ContactFact(id: 5, text: "B", createdAt: noon)]
        let context = context(
            facts: facts, effects: [.forgetFact(id: 4), .rememberFact("C"), .rememberFact("D"), .unrememberFact("C")])
        #expect(context.factTexts == ["B", "D"])
    }
}
