import TesseraCore

#if canImport(Glibc)
    import Glibc
#endif

/// Whether the ledger has ever counted an offer: what `tessera offer delete` must not
/// orphan. Reads the ledger as `tessera usage` does (`LedgerReader`: read-only, a
/// snapshot, while a server may be writing it), so a running server is never disturbed.
enum LedgerUsage {
    /// "3 holds: 2 committed, 1 released", or nil when no hold of the ledger took the
    /// offer or there is no ledger file.
    static func of(offer id: String, ledgerPath: String) throws -> String? {
        guard access(ledgerPath, F_OK) == 0 else { return nil }
        let holds: [HoldRecord]
        do {
            holds = try LedgerReader.holds(path: ledgerPath)
        } catch {
            throw AdminError("\(error) (name the server's ledger with --ledger FILE)")
        }
        var states: [String: Int] = [:]
        for hold in holds where hold.takes.contains(where: { $0.offerID == id }) {
            states[hold.state.rawValue, default: 0] += 1
        }
        let total = states.values.reduce(0, +)
        guard total > 0 else { return nil }
        return "\(total) hold\(total == 1 ? "" : "s"): "
            + states.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }
}
