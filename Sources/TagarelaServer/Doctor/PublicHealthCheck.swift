import Foundation

/// `GET {PUBLIC_URL}/health`: the address the services call answers.
struct PublicHealthCheck: DoctorCheck {
    let publicURL: URL?
    let name = "PUBLIC_URL"

    func run(_ context: DoctorContext) async throws -> DoctorOutcome {
        guard let publicURL else { return .skipped("PUBLIC_URL is unset") }
        let url = "\(publicURL.absoluteString)/health"
        do {
            let answer = try await context.http.get(url, timeout: context.timeout)
            guard answer.status == 200 else {
                return .failed("\(url) answered HTTP \(answer.status)", fix: "point PUBLIC_URL at this server")
            }
            return .passed("\(url) answers 200")
        } catch {
            return .failed(
                "\(url) does not answer (\(error))",
                fix: "start tagarela serve and make PUBLIC_URL reach it (proxy, tunnel, DNS)")
        }
    }
}
