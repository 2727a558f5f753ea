import Foundation

/// Whether the assistant of a live channel says whose it is (`BUSINESS_NAME`, `BUSINESS_DESCRIPTION`): a warning,
/// never a failure, since the server runs either way.
struct BusinessCheck: DoctorCheck {
    let configuration: Configuration
    let name = "business"

    func run(_ context: DoctorContext) async throws -> DoctorOutcome {
        if let warning = configuration.businessWarning { return .warned(warning) }
        guard configuration.twilio != nil || configuration.meta != nil else {
            return .notConfigured("BUSINESS_NAME and BUSINESS_DESCRIPTION say whose assistant a live channel has")
        }
        return .passed(configuration.assistantOverview)
    }
}
