/// One change to the usage ledger. The server applies it in memory at once
/// and answers OK only when the ledger has made it durable.
public enum LedgerWrite: Sendable, Equatable {
    /// A new hold (state held).
    case hold(HoldRecord)
    /// A held hold becomes a redemption.
    case commit(id: String, order: String?, at: Instant)
    /// A hold or commit is given back (a commit's release is a refund).
    case release(id: String, at: Instant)
    /// Some units of a held or committed hold are given back (SPEC §7 Partial refunds).
    case refund(id: String, RefundRecord)
    /// Writes nothing: completes once everything submitted before it is durable
    /// (a repeated request's OK must not overtake the write it repeats).
    case barrier
}

extension LedgerWrite {
    /// `records` after this write: the same function rebuilds state from a
    /// ledger and mirrors what is durable.
    public func apply(to records: inout HoldTable) {
        switch self {
        case .hold(let record):
            records[record.id] = record
        case .commit(let id, let order, _):
            guard var record = records[id], record.state == .held else { return }
            record.state = .committed
            record.order = order
            records[id] = record
        case .release(let id, _):
            records[id]?.state = .released
        case .refund(let id, let refund):
            records[id]?.apply(refund)
        case .barrier:
            break
        }
    }
}
