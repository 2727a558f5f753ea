import Foundation
import TagarelaCore

/// Messages in and out per day (bars), turns per day (a line) and days with failed turns (red dots), as an SVG
/// chart drawn on the server: no script, no library.
struct ActivityChart {
    let days: [DailyActivity]
    /// The first and last day shown (days since 1970-01-01); days without traffic are drawn empty.
    let firstDay: Int
    let lastDay: Int
    let format: AdminFormat
    let text: DashboardText.Chart

    func svg() -> HTML {
        let byDay = Dictionary(days.map { ($0.day, $0) }, uniquingKeysWith: { first, _ in first })
        let span = max(1, lastDay - firstDay + 1)
        let (width, height, bottom, left) = (720.0, 220.0, 24.0, 36.0)
        let plotHeight = height - bottom - 10
        let peak = max(1, days.map { max($0.inbound, $0.outbound, $0.turns) }.max() ?? 1)
        let slot = (width - left) / Double(span)
        let bar = max(2, slot * 0.38)
        var shapes: [HTML] = []
        var turnPoints: [String] = []
        for index in 0..<span {
            let day = firstDay + index
            let activity = byDay[day] ?? DailyActivity(day: day)
            let x = left + Double(index) * slot + slot * 0.1
            for (offset, value, css) in [(0.0, activity.inbound, "in"), (bar, activity.outbound, "out")] {
                let barHeight = plotHeight * Double(value) / Double(peak)
                shapes.append(
                    """
                    <rect class="bar-\(css)" x="\(Self.number(x + offset))" y="\(Self.number(height - bottom - barHeight))" \
                    width="\(Self.number(bar))" height="\(Self.number(barHeight))" fill="\(css == "in" ? "#128c7e" : "#7fb8ae")">\
                    <title>\(format.day(day)): \(value) \(css == "in" ? text.received : text.sent)\(activity.failedTurns > 0 ? ", \(text.failedTurns(activity.failedTurns))" : "")</title></rect>
                    """)
            }
            let turnsY = height - bottom - plotHeight * Double(activity.turns) / Double(peak)
            turnPoints.append("\(Self.number(x + bar)),\(Self.number(turnsY))")
            if activity.failedTurns > 0 {
                shapes.append(
                    "<circle cx=\"\(Self.number(x + bar))\" cy=\"8\" r=\"4\" fill=\"#b3261e\"><title>\(text.failedTurns(activity.failedTurns))</title></circle>"
                )
            }
            if span <= 16 || index % 2 == 0 {
                shapes.append(
                    "<text x=\"\(Self.number(x + bar))\" y=\"\(Self.number(height - 6))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5f6f6d\">\(format.day(day))</text>"
                )
            }
        }
        shapes.append(
            "<polyline id=\"turns-line\" points=\"\(turnPoints.joined(separator: " "))\" fill=\"none\" stroke=\"#1d2b2a\" stroke-width=\"1.5\"><title>\(text.turnsPerDay)</title></polyline>"
        )
        let axis: HTML = """
            <text x="4" y="16" font-size="11" fill="#5f6f6d">\(peak)</text>\
            <line x1="\(Self.number(left))" y1="\(Self.number(height - bottom))" x2="\(Self.number(width))" y2="\(Self.number(height - bottom))" stroke="#d8e2e0"/>
            """
        return """
            <svg class="chart" id="activity-chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" \
            aria-label="\(text.label)">\(axis)\(shapes)</svg>
            <p class="legend"><span class="swatch-in">■ \(text.received)</span><span class="swatch-out">■ \(text.sent)</span>\
            <span>— \(text.turns)</span><span class="swatch-failed">● \(text.failedTurnsLegend)</span></p>
            """
    }

    private static func number(_ value: Double) -> String { String(format: "%.1f", value) }
}
