import TesseraCore
import TesseraStore

/// The order live changes (SPEC §8) take, kept on the event loop with the service's other
/// loop-confined state.
///
/// One batch is on its way to the file at a time. Changes that arrive meanwhile wait here
/// and form the next batch when it lands, so they share its fsync (group commit). A change
/// is looked up in the served catalog (unknown audience, member or event; identity;
/// conflict) only when its batch forms, after every earlier batch is applied. Within one
/// batch the changes are independent: a change touching a value, member or event that an
/// earlier change of the batch touches waits for the next batch. So each is checked against
/// the catalog exactly as the changes before it left it, without a copy of the catalog per
/// batch. RELOAD waits for the batch on disk and holds the next one until it has swapped the
/// catalog, so it never reads the file half a batch early or has a batch applied twice.
struct LiveChanges {
    /// A change waiting for its batch, with the function that answers it.
    struct Pending {
        var request: MembershipRequest
        var complete: @Sendable ([UInt8]) -> Void
    }

    var waiting: [Pending] = []
    /// A batch is being written.
    var inFlight = false
    /// RELOADs reading the file now.
    var reloadsRunning = 0
    /// RELOADs waiting for the batch in flight.
    var reloadsWaiting: [() -> Void] = []
    /// Changes the file took, and the batches (transactions, one fsync each) they took (STATS).
    var changesWritten = 0
    var batchesWritten = 0

    var canStartBatch: Bool { !inFlight && reloadsRunning == 0 && !waiting.isEmpty }
}

/// A change checked against the served catalog and ready for the file, with what it
/// touches (see `LiveChanges`).
struct CheckedChange: Sendable {
    enum Kind: Sendable {
        case add(audience: Audience.Index, fields: MemberFields)
        case set(id: Int64, fields: MemberFields)
        case delete(id: Int64)
        case addAttendee(event: Event.Index, fields: AttendeeFields)
        case deleteAttendee(event: Event.Index, fields: AttendeeFields)
    }

    var kind: Kind
    var edit: CatalogEdit
    /// The audiences' values, members and events this change reads or changes.
    var touches: Set<String>
    var complete: @Sendable ([UInt8]) -> Void

    /// The keys of `fields`' values in `audience`, as conflicts compare them.
    static func valueKeys(_ fields: MemberFields, audience: Audience.Index) -> [String] {
        var keys: [String] = []
        if let c = fields.customerID { keys.append("\(audience.position)\u{1F}c\u{1F}\(c)") }
        if let e = fields.email.flatMap(Normalization.key) { keys.append("\(audience.position)\u{1F}e\u{1F}\(e)") }
        if let k = fields.code.flatMap(Normalization.key) { keys.append("\(audience.position)\u{1F}k\u{1F}\(k)") }
        return keys
    }
}
