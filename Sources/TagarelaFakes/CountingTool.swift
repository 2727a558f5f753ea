import Foundation
import Synchronization
import TagarelaCore

/// A tool with a side effect for tests (cancelling an order): counts its calls and records the arguments and
/// `Idempotency-Key` of each; answers `{"cancelled": <order>}`, or fails, or hangs until its turn is cancelled.
public final class CountingTool: Tool {
    /// One call as the tool received it.
    public struct Call: Sendable, Equatable {
        public var arguments: JSONValue
        public var idempotencyKey: String?
    }

    /// What the next calls do.
    public enum Behaviour: Sendable {
        case answer
        case fail(String)
        /// Waits until cancelled, as a request the server never answers.
        case hang
    }

    public let definition: ToolDefinition
    public let kind: ToolKind
    private let state: Mutex<(calls: [Call], behaviour: Behaviour)>

    public init(name: String = "cancel_order", confirm: Bool = false, behaviour: Behaviour = .answer) {
        definition = ToolDefinition(
            name: name, description: "Cancels one of the contact's orders",
            properties: ["order": ["type": "string", "description": "The order number"]], required: ["order"])
        kind = .sideEffect(confirm: confirm)
        state = Mutex(([], behaviour))
    }

    public var calls: [Call] { state.withLock { $0.calls } }

    public func behave(_ behaviour: Behaviour) {
        state.withLock { $0.behaviour = behaviour }
    }

    public func run(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let behaviour = state.withLock { state in
            state.calls.append(Call(arguments: arguments, idempotencyKey: context.idempotencyKey))
            return state.behaviour
        }
        switch behaviour {
        case .answer: return ToolOutput(result: ["cancelled": arguments["order"] ?? .null])
        case .fail(let message): throw ToolError(message)
        case .hang:
            try await Task.sleep(for: .seconds(86_400))
            throw CancellationError()
        }
    }
}
