extension DashboardText {
    /// The playground, and what it says when no model can answer.
    struct Playground: Sendable {
        let intro: String
        let newContact: String
        /// No model is configured (`LLM_PROVIDER` and its keys unset): how to configure one, a local server included.
        let noModel: HTML
        /// `LLM_DISABLED`: the models are switched off on purpose.
        let modelsOff: HTML

        static let english = Playground(
            intro: "Talk to the bot as a WhatsApp contact would: same memory, tools and models.",
            newContact: "New contact",
            noModel: """
                <div class="error" id="no-model" role="alert"><p><strong>No model is configured</strong>, so the bot \
                cannot answer yet: every message here gets the fallback text (<code>TEXT_FALLBACK</code>). Set one \
                of these in the environment or in <code>.env</code>, then restart Tagarela:</p><ul>
                <li><code>OPENAI_API_KEY</code> for OpenAI (the model in <code>OPENAI_MODEL</code>);</li>
                <li><code>GEMINI_API_KEY</code> for Google Gemini;</li>
                <li><code>OPENAI_BASE_URL</code> for a local OpenAI-compatible server, no key needed: \
                <code>OPENAI_BASE_URL=http://localhost:11434/v1</code> and <code>OPENAI_MODEL=llama3.2</code> for \
                Ollama, or <code>http://localhost:8080/v1</code> for llama.cpp's <code>llama-server</code>.</li>
                </ul><p><code>tagarela doctor</code> then checks that the model answers.</p></div>
                """,
            modelsOff: """
                <p class="error" id="no-model" role="alert">The models are switched off (<code>LLM_DISABLED</code>): \
                every message here gets <code>TEXT_MODELS_OFF</code> until it is unset and Tagarela restarts.</p>
                """)

        static let portugueseBrazil = Playground(
            intro: "Converse com o bot como um contato do WhatsApp faria: a mesma memória, ferramentas e modelos.",
            newContact: "Novo contato",
            noModel: """
                <div class="error" id="no-model" role="alert"><p><strong>Nenhum modelo está configurado</strong>, \
                então o bot ainda não consegue responder: toda mensagem aqui recebe o texto de falha \
                (<code>TEXT_FALLBACK</code>). Defina uma destas no ambiente ou no <code>.env</code> e reinicie o \
                Tagarela:</p><ul>
                <li><code>OPENAI_API_KEY</code> para a OpenAI (o modelo em <code>OPENAI_MODEL</code>);</li>
                <li><code>GEMINI_API_KEY</code> para o Google Gemini;</li>
                <li><code>OPENAI_BASE_URL</code> para um servidor local compatível com a OpenAI, sem chave: \
                <code>OPENAI_BASE_URL=http://localhost:11434/v1</code> e <code>OPENAI_MODEL=llama3.2</code> para o \
                Ollama, ou <code>http://localhost:8080/v1</code> para o <code>llama-server</code> do llama.cpp.</li>
                </ul><p>Depois, <code>tagarela doctor</code> confere se o modelo responde.</p></div>
                """,
            modelsOff: """
                <p class="error" id="no-model" role="alert">Os modelos estão desligados (<code>LLM_DISABLED</code>): \
                toda mensagem aqui recebe <code>TEXT_MODELS_OFF</code> até a configuração ser removida e o Tagarela \
                reiniciar.</p>
                """)
    }
}
