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
                let items = holdItems(ofContent: holds.text(at: 1)) ?? []
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

    /// The items of a hold's stored `content` (HoldCommands.content): length-prefixed
    /// parts `<n>:<text>`: event, customer, email, the codes, "items", then offer, ticket
    /// and quantity per item, then the ttl. nil when it cannot be read.
    static func holdItems(ofContent content: String) -> [HoldItem]? {
        var parts: [String] = []
        var rest = Substring(content)
        while !rest.isEmpty {
            guard let colon = rest.firstIndex(of: ":"), let length = Int(rest[..<colon]), length >= 0 else { return nil }
            let bytes = rest.utf8[rest.utf8.index(after: colon)...]
            guard bytes.count >= length else { return nil }
            let end = bytes.index(bytes.startIndex, offsetBy: length)
            guard let part = String(rest.utf8[bytes.startIndex..<end]) else { return nil }
            parts.append(part)
            rest = rest[end...]
        }
        // The marker is the first "items" after the three fixed parts that leaves whole
        // items with positive quantities and one ttl after it (a code may read "items").
        marker: for m in parts.indices where m >= 3 && parts[m] == "items" {
            let tail = parts.count - m - 2
            guard tail >= 0, tail % 3 == 0 else { continue }
            var items: [HoldItem] = []
            for k in stride(from: m + 1, to: parts.count - 1, by: 3) {
                guard let quantity = Int(parts[k + 2]), quantity > 0 else { continue marker }
                items.append(HoldItem(offerID: parts[k], ticketID: parts[k + 1], quantity: quantity))
            }
            return items
        }
        return nil
    }
}
