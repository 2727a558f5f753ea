import Hummingbird

/// Every number read from a request (a query parameter or a path segment), parsed and range-checked in one
/// place: a value that is not a whole number, or is outside the range the route can compute with, is a
/// `400` that names the parameter and its range, never an arithmetic trap that would take the process down.
enum RequestNumber {
    /// The query parameter `name`, or `fallback` when it is absent or empty.
    static func query<Number: FixedWidthInteger>(
        _ name: String, in request: Request, range: ClosedRange<Number>, default fallback: Number
    ) throws -> Number {
        try query(name, in: request, range: range) ?? fallback
    }

    /// The query parameter `name`, or nil when it is absent or empty.
    static func query<Number: FixedWidthInteger>(
        _ name: String, in request: Request, range: ClosedRange<Number>
    ) throws -> Number? {
        guard let text = request.uri.queryParameters.get(name), !text.isEmpty else { return nil }
        return try parse(text, name: name, range: range)
    }

    /// The path parameter `name` (`:id`), which the route always has; `label` names it in the error.
    static func path<Number: FixedWidthInteger>(
        _ name: String, in context: some RequestContext, range: ClosedRange<Number>, label: String
    ) throws -> Number {
        try parse(context.parameters.get(name) ?? "", name: label, range: range)
    }

    /// `text` as a whole number within `range`. The integer initializer returns nil on overflow as well as
    /// on anything that is not digits, so a huge value never reaches the arithmetic.
    static func parse<Number: FixedWidthInteger>(
        _ text: String, name: String, range: ClosedRange<Number>
    ) throws -> Number {
        guard let number = Number(text), range.contains(number) else {
            throw HTTPError(
                .badRequest,
                message: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return number
    }

    /// Contact and message ids: the stores count them from 1.
    static let ids: ClosedRange<Int64> = 1...Int64.max
}
