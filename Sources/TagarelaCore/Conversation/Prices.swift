import Foundation

/// What each model and voice service costs, in US dollars (`LLM_PRICES`), and so what a turn cost. One syntax,
/// entries separated by commas, each `model=price`:
/// - `gpt-4o-mini=0.15/0.60`: text tokens, input/output, per million;
/// - `gpt-realtime=4/16/32/64`: also audio tokens, input/output, per million (realtime models price them apart);
/// - `whisper-1=0.006/min`: transcription, per minute of audio heard;
/// - `tts-1=15/Mchars`: speech, per million characters spoken.
public struct Prices: Sendable, Equatable {
    public enum Price: Sendable, Equatable {
        case tokens(input: Double, output: Double, audioInput: Double? = nil, audioOutput: Double? = nil)
        case perMinute(Double)
        case perMillionCharacters(Double)
    }

    public var byModel: [String: Price]

    public init(_ byModel: [String: Price] = [:]) {
        self.byModel = byModel
    }

    public var isEmpty: Bool { byModel.isEmpty }

    /// What a model's text tokens cost; nil when the model has no token price.
    public func cost(model: String, usage: TokenUsage) -> Double? {
        guard case .tokens(let input, let output, _, _) = byModel[model] else { return nil }
        return (Double(usage.inputTokens) * input + Double(usage.outputTokens) * output) / 1_000_000
    }

    /// What a turn cost: its model's tokens, and the voice it heard and spoke. Nil parts have no price.
    public func cost(of record: TurnRecord) -> TurnCost {
        var cost = TurnCost()
        if let model = record.model, record.usage != .zero {
            var usage = record.usage
            if let embedding = record.embedding {
                // The embedding's tokens are in `usage` for the budgets; its price is its own model's.
                usage.inputTokens -= embedding.tokens
                let embedded = self.cost(model: embedding.model, usage: TokenUsage(inputTokens: embedding.tokens))
                cost.text = self.cost(model: model, usage: usage).map { $0 + (embedded ?? 0) }
            } else {
                cost.text = self.cost(model: model, usage: usage)
            }
        }
        for voice in record.voice where voice.error == nil {
            guard let model = voice.model ?? voice.provider, let price = byModel[model] else { continue }
            switch price {
            case .perMinute(let dollars):
                guard let milliseconds = voice.audioMilliseconds else { continue }
                cost.audio = (cost.audio ?? 0) + dollars * Double(milliseconds) / 60_000
            case .perMillionCharacters(let dollars):
                guard let characters = voice.characters else { continue }
                cost.audio = (cost.audio ?? 0) + dollars * Double(characters) / 1_000_000
            case .tokens: continue
            }
        }
        return cost
    }

    /// Reads the `LLM_PRICES` syntax; the error names the entry that is wrong.
    public static func parse(_ text: String) throws(PriceError) -> Prices {
        var prices = Prices()
        for entry in text.split(separator: ",") {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let price = price(parts[1]) else {
                throw PriceError(entry: entry.trimmingCharacters(in: .whitespaces))
            }
            prices.byModel[parts[0]] = price
        }
        return prices
    }

    private static func price(_ text: String) -> Price? {
        let fields = text.split(separator: "/", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let numbers = fields.map { Double($0) }
        func valid(_ value: Double?) -> Double? { value.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil } }
        switch (fields.count, fields.last?.lowercased()) {
        case (2, "min"): return valid(numbers[0]).map(Price.perMinute)
        case (2, "mchars"): return valid(numbers[0]).map(Price.perMillionCharacters)
        case (2, _), (4, _):
            let values = numbers.compactMap(valid)
            guard values.count == fields.count else { return nil }
            return .tokens(
                input: values[0], output: values[1], audioInput: values.count == 4 ? values[2] : nil,
                audioOutput: values.count == 4 ? values[3] : nil)
        default: return nil
        }
    }

    /// The prices written back in the syntax they were read in, sorted by model.
    public var description: String {
        byModel.sorted { $0.key < $1.key }.map { model, price in
            let value: String =
                switch price {
                case .tokens(let input, let output, let audioInput?, let audioOutput?):
                    "\(input)/\(output)/\(audioInput)/\(audioOutput)"
                case .tokens(let input, let output, _, _): "\(input)/\(output)"
                case .perMinute(let dollars): "\(dollars)/min"
                case .perMillionCharacters(let dollars): "\(dollars)/Mchars"
                }
            return "\(model)=\(value)"
        }.joined(separator: ",")
    }
}

/// An `LLM_PRICES` entry that is not in the syntax.
public struct PriceError: Error, Equatable {
    public let entry: String
}

/// What one turn cost, in US dollars: the model's text tokens and the voice heard and spoken. Nil when nothing in
/// it has a price.
public struct TurnCost: Sendable, Equatable, Codable {
    public var text: Double?
    public var audio: Double?

    public init(text: Double? = nil, audio: Double? = nil) {
        self.text = text
        self.audio = audio
    }

    public var total: Double? { text == nil && audio == nil ? nil : (text ?? 0) + (audio ?? 0) }
}

/// What turns used over a span of time: tokens in and out, and US dollars where `LLM_PRICES` priced them.
public struct Spending: Sendable, Equatable {
    public var tokens: Int
    /// Everything priced: text and audio.
    public var dollars: Double
    /// The part of `dollars` that voice cost (transcription, speech).
    public var audioDollars: Double

    public init(tokens: Int = 0, dollars: Double = 0, audioDollars: Double = 0) {
        self.tokens = tokens
        self.dollars = dollars
        self.audioDollars = audioDollars
    }
}
