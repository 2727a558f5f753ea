extension DashboardText {
    /// The overview: health, figures, tokens and cost, who waits.
    struct Overview: Sendable {
        let health: String
        let activity: String
        let messagesPerDay: String
        let tokensAndCost: String
        let waitingHeading: String
        let contacts: String
        let received: String
        let sent: String
        let turnsAnswered: String
        let failures: String
        let medianReply: String
        let p95Reply: String
        let waitingQueue: String
        /// The share of turns answered within `REPLY_DEADLINE_SECONDS`, over the last days.
        let answeredWithin: @Sendable (_ seconds: Int, _ days: Int) -> String
        /// Realtime voice sessions answered / fallen back to the classic pipeline, on this instance.
        let realtime: String
        /// Why sessions fell back, each reason with its count.
        let realtimeFallbacks: @Sendable (String) -> String
        /// The recorded cost in all and of voice, both already written as money.
        let recordedCost: @Sendable (_ total: String, _ audio: String) -> String
        let noModelYet: String
        let noPrice: String
        let model: String
        let inputTokens: String
        let outputTokens: String
        let estimatedCost: String
        let nobodyWaiting: String
        let waitingSince: @Sendable (String) -> String
        let database: String
        let ok: String
        let notConfigured: String
        let sendsUnknown: String
        let sends: @Sendable (_ sent: String, _ failed: String) -> String
        let modelsOff: String

        static let english = Overview(
            health: "Health", activity: "Activity", messagesPerDay: "Messages per day",
            tokensAndCost: "Tokens and estimated cost", waitingHeading: "Waiting for a person", contacts: "contacts",
            received: "messages received", sent: "messages sent", turnsAnswered: "turns answered",
            failures: "failures (turns, sends)", medianReply: "median reply (7 days)", p95Reply: "p95 reply (7 days)",
            waitingQueue: "turns / sends waiting", answeredWithin: { "answered within \($0) s (\($1) days)" },
            realtime: "realtime voice: answered / fell back (this instance, since it started)",
            realtimeFallbacks: { "Realtime voice sessions that fell back to the classic pipeline, by reason: \($0)." },
            recordedCost: {
                "Recorded cost, at the prices of each turn's day: \($0), of which voice (heard and spoken) \($1)."
            },
            noModelYet: "No model has answered yet.", noPrice: "no price (LLM_PRICES)", model: "Model",
            inputTokens: "Input tokens", outputTokens: "Output tokens", estimatedCost: "Estimated cost",
            nobodyWaiting: "Nobody is waiting.", waitingSince: { "since \($0)" }, database: "Database", ok: "ok",
            notConfigured: "not configured", sendsUnknown: "sends unknown (database)",
            sends: { "\($0) sent, \($1) failed (24 h)" }, modelsOff: "off (LLM_DISABLED)")

        static let portugueseBrazil = Overview(
            health: "Saúde", activity: "Atividade", messagesPerDay: "Mensagens por dia",
            tokensAndCost: "Tokens e custo estimado", waitingHeading: "Esperando uma pessoa", contacts: "contatos",
            received: "mensagens recebidas", sent: "mensagens enviadas", turnsAnswered: "turnos respondidos",
            failures: "falhas (turnos, envios)", medianReply: "resposta mediana (7 dias)",
            p95Reply: "resposta p95 (7 dias)", waitingQueue: "turnos / envios na fila",
            answeredWithin: { "respondidos em até \($0) s (\($1) dias)" },
            realtime: "voz em tempo real: respondidas / voltaram ao clássico (esta instância, desde que iniciou)",
            realtimeFallbacks: { "Sessões de voz em tempo real que voltaram ao caminho clássico, por motivo: \($0)." },
            recordedCost: {
                "Custo registrado, aos preços do dia de cada turno: \($0), dos quais voz (ouvida e falada) \($1)."
            },
            noModelYet: "Nenhum modelo respondeu ainda.", noPrice: "sem preço (LLM_PRICES)", model: "Modelo",
            inputTokens: "Tokens de entrada", outputTokens: "Tokens de saída", estimatedCost: "Custo estimado",
            nobodyWaiting: "Ninguém está esperando.", waitingSince: { "desde \($0)" }, database: "Banco de dados",
            ok: "ok", notConfigured: "não configurado", sendsUnknown: "envios desconhecidos (banco de dados)",
            sends: { "\($0) enviadas, \($1) com falha (24 h)" }, modelsOff: "desligado (LLM_DISABLED)")
    }

    /// The overview's chart of messages and turns per day.
    struct Chart: Sendable {
        let received: String
        let sent: String
        let failedTurns: @Sendable (Int) -> String
        let turnsPerDay: String
        let label: String
        let turns: String
        let failedTurnsLegend: String

        static let english = Chart(
            received: "received", sent: "sent", failedTurns: { "\($0) failed turns" }, turnsPerDay: "turns per day",
            label: "Messages received and sent per day", turns: "turns", failedTurnsLegend: "failed turns")

        static let portugueseBrazil = Chart(
            received: "recebidas", sent: "enviadas", failedTurns: { "\($0) turnos com falha" },
            turnsPerDay: "turnos por dia", label: "Mensagens recebidas e enviadas por dia", turns: "turnos",
            failedTurnsLegend: "turnos com falha")
    }
}
