import TagarelaFakes

extension FakeOpenAI.Reply {
    /// OpenAI's answer when billing is exhausted: never retried, so a fallback provider answers instead.
    static var insufficientQuota: Self {
        .error(
            status: 429, code: "insufficient_quota", type: "insufficient_quota",
            message: "You exceeded your current quota.")
    }
}
