import TesseraCore

/// Upgrades of the ledger's format, each in place and in one transaction: a crash
/// leaves the ledger as it was, and the next start upgrades it again.
enum LedgerUpgrade {
    /// Version 1 → 2 (SPEC §7 Ledger upgrade): adds `units` and fills in the units of
    /// every hold already written, with the amounts `unitAmount` gives now (0 for an
    /// offer or ticket type the catalog no longer has).
    ///
    /// A hold's units are matched to its items as HOLD takes them: each take's
    /// quantity is covered by the items naming its offer, in request order, and what
    /// is left of it by the `*` items, in request order, from the takes in their order
    /// (the offers a `*` item chose were not stored in version 1).
    static func toVersion2(_ db: Database, path: String, unitAmount: Ledger.UnitAmount) throws {
        try db.transaction(.immediate) {
            // Another process may have upgraded it while this one waited for the lock.
            guard Int(try db.pragma("user_version") ?? "0") ?? 0 == 1 else { return }
            try db.execute(LedgerSchema.unitsSQL)
            let holds = try db.prepare("SELECT seq, content FROM holds ORDER BY seq")
            let takes = try db.prepare("SELECT position, offer_id, quantity FROM takes WHERE hold = ? ORDER BY position")
            let insert = try db.prepare(
                "INSERT INTO units (hold, take, position, offer_id, ticket_id, amount) VALUES (?, ?, ?, ?, ?, ?)")
            while try holds.step() == .row {
                let seq = holds.int64(at: 0)
                let items = HoldContent(text: holds.text(at: 1))?.items ?? []
                try takes.bind(seq, at: 1)
                var held: [(position: Int64, offer: String, quantity: Int)] = []
                while try takes.step() == .row {
                    held.append((takes.int64(at: 0), takes.text(at: 1), Int(takes.int64(at: 2))))
                }
                takes.reset()
                let units = units(of: held.map { ($0.offer, $0.quantity) }, items: items)
                for (index, take) in held.enumerated() {
                    for (position, ticket) in units[index].enumerated() {
                        try insert.bind(seq, at: 1)
                        try insert.bind(take.position, at: 2)
                        try insert.bind(position, at: 3)
                        try insert.bind(take.offer, at: 4)
                        try insert.bind(ticket, at: 5)
                        try insert.bind(ticket.isEmpty ? 0 : unitAmount(take.offer, ticket), at: 6)
                        try insert.run()
                    }
                }
            }
            try db.execute("PRAGMA user_version = 2")
        }
    }

    /// Version 2 → 3 (SPEC §7 Partial refunds): adds `refunds` and `refund_items`,
    /// empty; every hold keeps all its units.
    static func toVersion3(_ db: Database) throws {
        try db.transaction(.immediate) {
            guard Int(try db.pragma("user_version") ?? "0") ?? 0 == 2 else { return }
            try db.execute(LedgerSchema.refundsSQL)
            try db.execute("PRAGMA user_version = 3")
        }
    }

    /// Version 3 → 4 (issue 17): adds the durable sums of every commit and the index of
    /// held holds by expiry, the sums filled from every hold already written (read the way
    /// a start read them before: each hold with its partial releases replayed).
    static func toVersion4(_ db: Database, path: String) throws {
        try db.transaction(.immediate) {
            guard Int(try db.pragma("user_version") ?? "0") ?? 0 == 3 else { return }
            let records = try HoldLoader(database: db, path: path).load()
            try db.execute(LedgerSchema.totalsSQL)
            var totals = UsageTotals(holds: records.count)
            var highest: Int64 = 0
            for record in records {
                if record.state == .committed {
                    totals.add(record.takes, sign: 1)
                    totals.committedHolds += 1
                }
                highest = max(highest, record.highestMemberID)
            }
            try LedgerTotalsWriter(db).write(totals, highestMember: highest)
            try db.execute("PRAGMA user_version = 4")
        }
    }

    /// The ticket of each unit of each take (offer, quantity), in the order HOLD takes
    /// them. A unit no item accounts for (an unreadable content) has ticket "".
    static func units(of takes: [(offer: String, quantity: Int)], items: [HoldItem]) -> [[String]] {
        var units: [[String]] = Array(repeating: [], count: takes.count)
        var index: [String: Int] = [:]
        for (i, take) in takes.enumerated() where index[take.offer] == nil { index[take.offer] = i }
        // What each take leaves for `*` items once the items naming its offer are counted.
        var left = takes.map(\.quantity)
        for item in items where !item.namesAnyOffer {
            if let i = index[item.offerID] { left[i] -= item.quantity }
        }
        for item in items {
            if !item.namesAnyOffer {
                guard let i = index[item.offerID] else { continue }
                let count = min(item.quantity, takes[i].quantity - units[i].count)
                units[i].append(contentsOf: repeatElement(item.ticketID, count: max(0, count)))
                continue
            }
            var needed = item.quantity
            for i in takes.indices where needed > 0 && left[i] > 0 {
                let give = min(needed, left[i])
                units[i].append(contentsOf: repeatElement(item.ticketID, count: give))
                left[i] -= give
                needed -= give
            }
        }
        for i in takes.indices where units[i].count < takes[i].quantity {
            units[i].append(contentsOf: repeatElement("", count: takes[i].quantity - units[i].count))
        }
        return units
    }
}
