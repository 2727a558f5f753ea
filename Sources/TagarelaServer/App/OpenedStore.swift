import ServiceLifecycle
import TagarelaCore

/// A store the composition root opened, with what runs beside it.
struct OpenedStore {
    let store: any ConversationStore
    /// What the store needs running (PostgreSQL's connection pool).
    let services: [any Service]
    /// Wake-ups from other instances, where the database gives them.
    let notifier: (any WorkNotifier)?
    /// Who holds leases and how to tell dead holders; nil for a database no other process can open.
    let leases: (store: any LeaseOwnerStore, liveness: any InstanceLiveness)?
}
