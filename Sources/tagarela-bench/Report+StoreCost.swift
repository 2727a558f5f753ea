import Foundation

extension Report {
    /// Each figure's median over the rounds, SQLite beside PostgreSQL, with PostgreSQL's ratio to SQLite and
    /// the PostgreSQL issue's target for it.
    func printStoreCost() {
        guard let cost = storeCost, !cost.sqlite.isEmpty, !cost.postgres.isEmpty else { return }
        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
        }
        func column(_ text: String, _ width: Int) -> String {
            text.padding(toLength: width, withPad: " ", startingAt: 0)
        }
        typealias Figure = (String, (StoreCostPhase.Sample) -> Double?, String, String, (Double) -> Bool)
        let perThousandWebhooks = { (sample: StoreCostPhase.Sample) -> Double? in
            sample.ingest.cost.totalCPU * 1000 / Double(max(1, sample.ingest.acknowledged))
        }
        let perThousandTurns = { (sample: StoreCostPhase.Sample) -> Double? in
            sample.turns.totalCPU * 1000 / Double(max(1, cost.backlog))
        }
        let figures: [Figure] = [
            ("ingest rate (msg/s)", { $0.ingest.rate }, "%.0f", ">= 0.6×", { $0 >= 0.6 }),
            ("ingest p99 (ms)", { $0.ingest.p99.map { $0.seconds * 1000 } }, "%.2f", "", { _ in true }),
            ("CPU s per 1,000 webhooks (Tagarela + db)", perThousandWebhooks, "%.3f", "<= 2×", { $0 <= 2 }),
            (
                "  of which the database",
                { sample in
                    sample.ingest.cost.databaseCPU.map { $0 * 1000 / Double(max(1, sample.ingest.acknowledged)) }
                },
                "%.3f", "", { _ in true }
            ),
            (
                "round trips per webhook",
                { Double($0.ingest.cost.roundTrips) / Double(max(1, $0.ingest.acknowledged)) },
                "%.2f", "", { _ in true }
            ),
            ("CPU s per 1,000 turns (Tagarela + db)", perThousandTurns, "%.3f", "<= 1.5×", { $0 <= 1.5 }),
            (
                "  of which the database", { $0.turns.databaseCPU.map { $0 * 1000 / Double(max(1, cost.backlog)) } },
                "%.3f", "", { _ in true }
            ),
            (
                "round trips per turn", { Double($0.turns.roundTrips) / Double(max(1, cost.backlog)) }, "%.1f", "",
                { _ in true }
            ),
            ("turns/s, 1 worker, instant model", { $0.turnsPerSecond }, "%.0f", "", { _ in true }),
        ]
        Swift.print(
            column("SQLite against PostgreSQL, median of \(cost.sqlite.count) rounds", 52) + column("SQLite", 12)
                + column("PostgreSQL", 12) + column("ratio", 10) + "target")
        for (name, value, format, target, met) in figures {
            let sqlite = median(cost.sqlite.compactMap(value))
            let postgres = median(cost.postgres.compactMap(value))
            let ratio = postgres / sqlite
            let mark = target.isEmpty ? "" : target + " " + (met(ratio) ? "ok" : "MISSED")
            Swift.print(
                column("  " + name, 52) + column(String(format: format, sqlite), 12)
                    + column(String(format: format, postgres), 12)
                    + column(ratio.isFinite ? String(format: "%.2f", ratio) : "", 10) + mark)
        }
    }
}
