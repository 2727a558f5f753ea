import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaFakes
import Testing

/// One scrape of `/metrics`: the sample lines by series (`name{label="value",...}`), for exact look-ups.
struct MetricsScrape {
    let text: String
    let samples: [String: Double]

    init(_ text: String) {
        self.text = text
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            samples[String(line[..<space])] = value
        }
        self.samples = samples
    }

    subscript(_ series: String) -> Double? { samples[series] }
}

extension TestClientProtocol {
    /// `/metrics` with the admin token; records an issue unless it answers 200 in Prometheus's text format.
    func scrape() async throws -> MetricsScrape {
        let response = try await execute(
            uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(TestWorld.adminToken)"], body: nil)
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
        return MetricsScrape(String(buffer: response.body))
    }

    /// Scrapes until `series` reaches `value` (the workers count after the webhook has been answered).
    func scrape(until series: String, is value: Double) async throws -> MetricsScrape {
        try await waitUntil { try await scrape()[series] == value }
        return try await scrape()
    }
}
