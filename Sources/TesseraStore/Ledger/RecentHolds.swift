import TesseraCore

/// The holds the writer wrote last, as the ledger has them after its writes: a COMMIT or
/// RELEASE most often follows its HOLD within seconds, and finding the hold here spares the
/// writer reading it back (six indexed queries) to move the durable sums.
///
/// Exact or absent, never stale: every write of a hold replaces its entry with the hold
/// after that write (`LedgerWrite.applied`), the writer is the ledger's only writer (one
/// server per ledger), and a batch that fails clears it all, since SQLite rolled it back.
/// The oldest entries go first once `capacity` are kept, so it stays small.
struct RecentHolds {
    private var records: [String: HoldRecord] = [:]
    private var order: [String] = []
    private var next = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    subscript(id: String) -> HoldRecord? { records[id] }

    /// Keeps `record` as hold `id` is now; nil: the ledger has no hold `id`.
    mutating func note(_ id: String, _ record: HoldRecord?) {
        guard let record else {
            records[id] = nil
            return
        }
        if records.updateValue(record, forKey: id) != nil { return }
        if order.count < capacity {
            order.append(id)
        } else {
            records[order[next]] = nil
            order[next] = id
            next = (next + 1) % capacity
        }
    }

    mutating func removeAll() {
        records.removeAll(keepingCapacity: true)
        order.removeAll(keepingCapacity: true)
        next = 0
    }
}
