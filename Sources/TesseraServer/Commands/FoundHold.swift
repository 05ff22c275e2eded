import TesseraCore
import TesseraProtocol

/// A hold a request names, from memory or, once finished, from the ledger (issue 17).
struct FoundHold {
    var record: HoldRecord
    /// False: read from the ledger; memory let it go once it finished with nothing in flight.
    var inMemory: Bool

    /// Whether COMMIT of it is `ERR expired`. A hold the ledger has as held and memory does
    /// not keep is one whose expiry the clock reached (only then does a held hold leave
    /// memory, or stay out of it at a start): expired for good (SPEC §6 Life of a hold).
    func isExpired(in book: UsageBook) -> Bool {
        inMemory ? book.isExpired(record.id) : record.state == .held
    }

    /// Puts a hold read from the ledger back in memory, to change it: call only when a
    /// write of it follows at once, which lets it go again once durable.
    func bringBack(into book: UsageBook) {
        if !inMemory { book.adopt(record) }
    }
}

extension TesseraService {
    /// The hold `id` from memory, else from the ledger, which keeps the finished ones; nil
    /// when neither has it. A ledger that cannot be read answers `ERR unavailable`:
    /// nothing changed, and the next request tries again.
    func findHold(_ id: String) throws(ErrorReply) -> FoundHold? {
        if let record = book.holds[id] { return FoundHold(record: record, inMemory: true) }
        guard let ledger, !book.retainsFinished else { return nil }
        do {
            return try ledger.storedHold(id: id).map { FoundHold(record: $0, inMemory: false) }
        } catch {
            onLedgerReadFailure(error.description)
            throw ErrorReply(.unavailable, msg: "the ledger cannot be read now; nothing changed")
        }
    }
}
