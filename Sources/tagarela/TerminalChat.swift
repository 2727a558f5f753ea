import Foundation
import ServiceLifecycle
import TagarelaCore
import TagarelaServer

/// Reads lines from the terminal into the inbox and prints the replies the local channel delivers.
struct TerminalChat: Service {
    let engine: Engine
    let localID: String

    func run() async throws {
        let replies = engine.localChannel.listen(as: localID)
        Self.show("Tagarela — escreva sua mensagem (Ctrl-D para sair).\n")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await reply in replies {
                    Self.show("\ntagarela> \(reply)\n\n")
                }
            }
            for try await line in Self.standardInputLines() {
                let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty else { continue }
                try await engine.inbox.receive(LocalChannel.inbound(from: localID, text: text))
            }
            // Give a reply still in flight a moment before leaving.
            try? await Task.sleep(for: .seconds(1))
            group.cancelAll()
        }
    }

    /// Writes straight to standard output: unbuffered even into a pipe, so whoever drives the chat sees each
    /// reply at once.
    static func show(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Lines typed on standard input; a blocking read runs on its own thread, away from the executors.
    static func standardInputLines() -> AsyncThrowingStream<String, any Error> {
        AsyncThrowingStream { continuation in
            let thread = Thread {
                while let line = readLine(strippingNewline: true) {
                    continuation.yield(line)
                }
                continuation.finish()
            }
            thread.start()
        }
    }
}
