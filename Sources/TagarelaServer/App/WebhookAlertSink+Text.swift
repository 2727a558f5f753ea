extension WebhookAlertSink {
    /// Text from outside (a contact's WhatsApp name, the model's handoff reason) made safe for the alert's
    /// `text`: one line, and inert in Slack's markup.
    ///
    /// Slack reads `<!channel>`, `<!here>`, `<@U123>` and `<http://…|label>` in `text` as mentions and links,
    /// and asks for `&`, `<` and `>` to be sent as `&amp;`, `&lt;` and `&gt;`
    /// (https://api.slack.com/reference/surfaces/formatting#escaping); Mattermost and Google Chat read the
    /// same. Control characters and line breaks become spaces, so that a name cannot start a line of its own
    /// in the alert or in the log line that carries it.
    static func inert(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in singleLine(text).unicodeScalars {
            switch scalar {
            case "&": result.append(contentsOf: "&amp;".unicodeScalars)
            case "<": result.append(contentsOf: "&lt;".unicodeScalars)
            case ">": result.append(contentsOf: "&gt;".unicodeScalars)
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    /// `text` with every control character and line or paragraph separator replaced by a space: for the
    /// payload's plain fields, which a receiver may show or log as they are.
    static func singleLine(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: result.append(" ")
            default: result.append(scalar)
            }
        }
        return String(result)
    }
}
