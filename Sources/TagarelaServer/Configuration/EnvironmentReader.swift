import Foundation

/// The merged settings, read one typed variable at a time; each bad value throws the one line naming it.
struct EnvironmentReader: Sendable {
    /// Non-empty, trimmed values: the process environment over the `.env` file.
    let values: [String: String]

    /// Merges the two sources. Empty (or all-blank) values count as unset, so an empty variable in the
    /// process environment does not hide a value from `.env`.
    init(environment: [String: String], dotEnv: [String: String] = [:]) {
        var merged: [String: String] = [:]
        for source in [dotEnv, environment] {
            for (name, raw) in source {
                let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
                if !value.isEmpty { merged[name] = value }
            }
        }
        values = merged
    }

    func string(_ name: String) -> String? {
        values[name]
    }

    /// The first of `names` that is set, with the name it was found under.
    func first(_ names: String...) -> (name: String, value: String)? {
        for name in names {
            if let value = values[name] { return (name, value) }
        }
        return nil
    }

    func isSet(_ name: String) -> Bool {
        values[name] != nil
    }

    func int(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        try optionalInt(name, in: range) ?? fallback
    }

    func optionalInt(_ name: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let raw = values[name] else { return nil }
        guard let value = Int(raw), range.contains(value) else {
            let bounds =
                range.upperBound == Int.max
                ? "of at least \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
            throw .invalid(name, mustBe: "a whole number \(bounds)", got: raw)
        }
        return value
    }

    func optionalDouble(_ name: String, in range: ClosedRange<Double>) throws(ConfigurationError) -> Double? {
        guard let raw = values[name] else { return nil }
        guard let value = Double(raw), value.isFinite, range.contains(value) else {
            let bounds = "from \(plain(range.lowerBound)) to \(plain(range.upperBound))"
            throw .invalid(name, mustBe: "a number \(bounds)", got: raw)
        }
        return value
    }

    func bool(_ name: String, default fallback: Bool) throws(ConfigurationError) -> Bool {
        guard let raw = values[name] else { return fallback }
        switch raw.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw .invalid(name, mustBe: "true or false (also 1/0, yes/no, on/off)", got: raw)
        }
    }

    /// One of an enum's raw values, compared case-insensitively.
    func choice<Value: CaseIterable & RawRepresentable<String>>(
        _ name: String, default fallback: Value
    ) throws(ConfigurationError) -> Value {
        guard let raw = values[name] else { return fallback }
        if let value = Value.allCases.first(where: { $0.rawValue.lowercased() == raw.lowercased() }) {
            return value
        }
        let options = Value.allCases.map(\.rawValue)
        let expectation =
            options.count == 2 ? "\(options[0]) or \(options[1])" : "one of " + options.joined(separator: ", ")
        throw .invalid(name, mustBe: expectation, got: raw)
    }

    /// An `http` or `https` URL with a host, without trailing slashes.
    func httpURL(_ name: String, example: String) throws(ConfigurationError) -> URL? {
        guard let raw = values[name] else { return nil }
        var text = raw
        while text.hasSuffix("/") { text.removeLast() }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil
        else {
            throw .invalid(name, mustBe: "an http(s) URL with a host, e.g. \(example)", got: raw)
        }
        return url
    }

    func milliseconds(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws(ConfigurationError)
        -> Duration
    {
        .milliseconds(try int(name, default: fallback, in: range))
    }

    func seconds(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws(ConfigurationError)
        -> Duration
    {
        .seconds(try int(name, default: fallback, in: range))
    }

    /// `2` rather than `2.0` in messages.
    private func plain(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}
