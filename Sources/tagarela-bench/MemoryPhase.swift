import Foundation
import Logging
import TagarelaCore
import TagarelaFakes

/// Tokens per turn as one conversation grows from 10 to 1,000 messages, with the default window (3,000 tokens,
/// 40 messages) and a 500-token running summary: in this process, on the in-memory store, with a model that answers
/// at once and a summariser that keeps one line per fact mentioned (deterministic, so the curve is the window's and
/// the summary's own, not a model's mood).
struct MemoryPhase {
    struct Point {
        var messages: Int
        /// Estimated tokens of what the turn sent: instructions, the window's messages, the summary within them.
        var total: Int
        var summary: Int
        var folds: Int
    }

    static let checkpoints: Set<Int> = [10, 20, 50, 100, 200, 500, 1000]

    /// Answers turns in two sentences; summarises by keeping the previous summary's lines and each new line naming
    /// something to remember (`pedido`, `endereço`, `alergia`), within the limit.
    actor Model: LLMProvider {
        nonisolated let name = "bench"
        private(set) var last: LLMRequest?
        private(set) var folds = 0

        func reply(to request: LLMRequest) async throws -> LLMReply {
            guard request.systemPrompt.hasPrefix("You keep the running summary") else {
                last = request
                return LLMReply(
                    text: "Claro! Anotei aqui e já verifico com a cozinha o que for preciso para o seu pedido.",
                    usage: .zero, model: "bench", provider: name)
            }
            folds += 1
            let lines = (request.messages.first?.content ?? "").split(separator: "\n").filter { line in
                ["pedido", "endereço", "alergia"].contains { line.contains($0) } && !line.hasPrefix("Assistente:")
            }
            return LLMReply(text: lines.joined(separator: "\n"), usage: .zero, model: "bench", provider: name)
        }
    }

    func run() async throws -> [Point] {
        let clock = ManualTimeSource()
        let store = InMemoryConversationStore()
        let model = Model()
        let logger = Logger(label: "bench")
        let window = MemoryWindow(maxTokens: 3000, maxMessages: 40, summaryMaxTokens: 500)
        let processor = TurnProcessor(
            store: store, llm: model,
            policy: TurnPolicy(
                systemPrompt: "Você é o assistente da padaria.", memory: window,
                guards: ContactGuards(rateLimitMessages: 0),
                texts: TurnTexts(
                    fallback: "Ops.", rateLimited: "", tooLong: "", modelsOff: "", budgetExceeded: "",
                    unsupported: { _ in "" })),
            textLimits: [.twilio: 4096], timeSource: clock, logger: logger)
        let worker = SummaryWorker(
            store: store, llm: model, settings: SummaryWorker.Settings(owner: "bench", maxTokens: 500),
            timeSource: clock, signal: WorkSignal(), logger: logger)
        var points: [Point] = []
        for exchange in 1...500 {
            let text =
                exchange % 25 == 0
                ? "Anota no pedido \(exchange): mais um bolo de fubá, entrega no endereço de sempre, sem amendoim."
                : "Mensagem \(exchange * 2 - 1): queria saber se ainda tem pão de queijo e até que horas vocês abrem."
            _ = try await store.ingest(
                InboundMessage(
                    channel: .twilio, providerMessageID: "bench-\(exchange)",
                    identity: ContactIdentity(phone: "+5511900000009"), replyAddress: "whatsapp:+5511900000009",
                    content: .text(text)),
                at: clock.now(), schedule: .immediate)
            guard
                let claim = try await store.claimTurns(
                    owner: "bench", channels: [.twilio], now: clock.now(), leaseDuration: .seconds(60), limit: 1
                ).first
            else { continue }
            try await store.completeTurn(claim, outcome: try await processor.outcome(for: claim), now: clock.now())
            // The summary worker runs after the turn, as it does beside the turn worker.
            while let job = try await store.claimSummaryJobs(
                owner: "bench", now: clock.now(), leaseDuration: .seconds(60), limit: 1
            ).first {
                try await worker.fold(job)
            }
            clock.advance(by: .seconds(30))
            let messages = exchange * 2
            guard Self.checkpoints.contains(messages), let request = await model.last else { continue }
            let summary = try await store.memorySummary(contactID: claim.contact.id)?.block
            points.append(
                Point(
                    messages: messages,
                    total: MemoryWindow.estimatedTokens(request.systemPrompt)
                        + request.messages.reduce(0) { $0 + MemoryWindow.estimatedTokens($1.content) },
                    summary: summary.map(MemoryWindow.estimatedTokens) ?? 0, folds: await model.folds))
        }
        return points
    }
}
