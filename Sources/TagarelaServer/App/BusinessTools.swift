import Foundation
import TagarelaChannels
import TagarelaCore

/// What the tools file's tools need from the running server: the client that sends their requests under the
/// outbound policy, and the stored calls their daily limit counts.
struct BusinessTools: Sendable {
    var client: any ToolHTTPClient
    var store: any TurnQueue
    /// The start of a contact's day for the daily limit (the budgets' day).
    var dayStart: @Sendable (Date) -> Date

    init(
        client: any ToolHTTPClient = OutboundToolClient(), store: any TurnQueue,
        dayStart: @escaping @Sendable (Date) -> Date
    ) {
        self.client = client
        self.store = store
        self.dayStart = dayStart
    }

    /// One tool per declaration, all under one set of limits.
    func tools(_ declarations: [HTTPToolDeclaration], settings: ToolSettings) -> [any Tool] {
        let limits = ToolCallLimits(
            perTurn: settings.maxCallsPerTurn, perContactPerDay: settings.maxCallsPerContactPerDay,
            counts: { [names = Set(declarations.map(\.name))] in names.contains($0) }, store: store, dayStart: dayStart)
        return declarations.map {
            HTTPTool($0, client: client, limits: limits, maxResponseBytes: settings.responseMaxBytes)
        }
    }
}
