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
        guard let id = holdID else { return }
        records[id] = applied(to: records[id])
    }

    /// The hold this write changes, after it: `record` is the hold before (nil when there
    /// is none). The writer uses it too, to move the ledger's durable totals in step.
    public func applied(to record: HoldRecord?) -> HoldRecord? {
        switch self {
        case .hold(let new):
            return new
        case .commit(_, let order, _):
            guard var record, record.state == .held else { return record }
            record.state = .committed
            record.order = order
            return record
        case .release:
            guard var record else { return nil }
            record.state = .released
            return record
        case .refund(_, let refund):
            guard var record else { return nil }
            record.apply(refund)
            return record
        case .barrier:
            return record
        }
    }
}

extension LedgerWrite {
    /// The hold the write changes; nil for a barrier.
    public var holdID: String? {
        switch self {
        case .hold(let record): record.id
        case .commit(let id, _, _), .release(let id, _), .refund(let id, _): id
        case .barrier: nil
        }
    }
}
