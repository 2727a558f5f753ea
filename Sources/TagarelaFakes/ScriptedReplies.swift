/// How a fake of a model or speech API answers, and what it was asked: every request in arrival order, one-off
/// replies played first, then the responder. FakeOpenAI (both endpoints), FakeGemini and FakeElevenLabs share it.
actor ScriptedReplies<Request: Sendable, Reply: Sendable> {
    typealias Responder = @Sendable (Request) async -> Reply

    private(set) var requests: [Request] = []
    private var queue: [Reply] = []
    private var responder: Responder

    /// `responder` answers once the one-off replies are used up, until `setResponder` replaces it.
    init(responder: @escaping Responder) {
        self.responder = responder
    }

    func record(_ request: Request) { requests.append(request) }
    func setResponder(_ responder: @escaping Responder) { self.responder = responder }
    func enqueue(_ replies: [Reply]) { queue += replies }

    /// The next scripted reply, else the responder's.
    func reply(to request: Request) async -> Reply {
        if !queue.isEmpty { return queue.removeFirst() }
        let responder = self.responder
        return await responder(request)
    }
}
