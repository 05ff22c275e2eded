#if canImport(Glibc)
    import Glibc
#endif

/// Whether the ledger has ever counted an offer: what `tessera offer delete` must not
/// orphan. Opens the ledger read-only, so a running server's ledger is never written.
enum LedgerUsage {
    /// "3 holds: 2 committed, 1 released", or nil when the ledger has no take of the
    /// offer or does not exist.
    static func of(offer id: String, ledgerPath: String) throws -> String? {
        guard access(ledgerPath, F_OK) == 0 else { return nil }
        let db: Database
        do {
            db = try Database(path: ledgerPath, mode: .readOnly, busyTimeout: CatalogEditor.busyTimeoutMilliseconds)
        } catch {
            throw AdminError("cannot read the ledger \(ledgerPath): \(error.reason) (give the right one with --ledger FILE)")
        }
        do {
            let statement = try db.prepare(
                """
                SELECT h.state, count(DISTINCT h.seq) FROM takes t JOIN holds h ON h.seq = t.hold
                WHERE t.offer_id = ? GROUP BY h.state ORDER BY h.state
                """)
            try statement.bind(id, at: 1)
            var states: [(String, Int)] = []
            while try statement.step() == .row { states.append((statement.text(at: 0), Int(statement.int64(at: 1)))) }
            let holds = states.reduce(0) { $0 + $1.1 }
            guard holds > 0 else { return nil }
            return "\(holds) hold\(holds == 1 ? "" : "s"): " + states.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
        } catch {
            throw AdminError(
                "cannot read the ledger \(ledgerPath): \(error) (is it a Tessera ledger? give the right one with --ledger FILE)"
            )
        }
    }
}
