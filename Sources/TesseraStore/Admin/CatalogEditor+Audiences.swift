/// Audiences: create, list, show, switch on and off, rename, delete.
///
/// Commands name an audience by id or by name (`vip-codes` or `"VIP codes"`): operators
/// know the name, offers refer to the id; both are unique.
extension CatalogEditor {
    /// Every audience in id order, with its counts and offers.
    public func audiences() throws(AdminError) -> [AudienceSummary] {
        try read {
            let ids = try strings("SELECT id FROM audiences ORDER BY id")
            return try ids.map { try summary(id: $0) }
        }
    }

    /// One audience, by id or name.
    public func audience(_ reference: String) throws(AdminError) -> AudienceSummary {
        try read { try summary(id: try resolveAudience(reference).id) }
    }

    /// Creates an audience and returns its id: `id` when given, else one made from
    /// the name (`VIP codes 2027` → `vip-codes-2027`), made unique with `-2`, `-3`….
    @discardableResult
    public func createAudience(
        name: String, id: String? = nil, description: String? = nil, active: Bool = true, sourceEventID: String? = nil
    ) throws(AdminError) -> String {
        let name = name.trimmed
        guard !name.isEmpty else { throw AdminError("an audience needs a name") }
        return try write {
            guard try count("SELECT count(*) FROM audiences WHERE name = ?", name) == 0 else {
                throw AdminError("an audience named '\(name)' already exists")
            }
            let newID: String
            if let id {
                guard !id.isEmpty else { throw AdminError("an audience id must not be empty") }
                guard try count("SELECT count(*) FROM audiences WHERE id = ?", id) == 0 else {
                    throw AdminError("an audience with id '\(id)' already exists")
                }
                newID = id
            } else {
                newID = try unusedAudienceID(Self.slug(name))
            }
            if let event = sourceEventID {
                guard try count("SELECT count(*) FROM events WHERE id = ?", event) > 0 else {
                    throw AdminError("no event '\(event)' in catalog \(path)")
                }
            }
            let insert = try db.prepare(
                "INSERT INTO audiences (id, name, description, active, source_event_id) VALUES (?, ?, ?, ?, ?)")
            try insert.bind(newID, at: 1)
            try insert.bind(name, at: 2)
            try insert.bind(description, at: 3)
            try insert.bind(active ? 1 : 0, at: 4)
            try insert.bind(sourceEventID, at: 5)
            try insert.run()
            return newID
        }
    }

    /// Switches an audience on or off (SPEC §1: off keeps it and its members, and
    /// grants nothing). Returns whether anything changed.
    @discardableResult
    public func setActive(_ reference: String, _ active: Bool) throws(AdminError) -> Bool {
        try write {
            let audience = try resolveAudience(reference)
            try run("UPDATE audiences SET active = ? WHERE id = ?", active ? 1 : 0, audience.id)
            return audience.active != active
        }
    }

    /// Changes the name; the id, which offers refer to, stays.
    public func renameAudience(_ reference: String, to newName: String) throws(AdminError) {
        let newName = newName.trimmed
        guard !newName.isEmpty else { throw AdminError("an audience needs a name") }
        try write {
            let audience = try resolveAudience(reference)
            guard audience.name != newName else { return }
            guard try count("SELECT count(*) FROM audiences WHERE name = ?", newName) == 0 else {
                throw AdminError("an audience named '\(newName)' already exists")
            }
            try run("UPDATE audiences SET name = ? WHERE id = ?", newName, audience.id)
        }
    }

    /// Deletes an audience and its members. While offers use it, refuses, because
    /// the server would refuse the whole catalog for an offer without its audience;
    /// with `force`, deletes those offers too (with their `offer_events` and
    /// `offer_tickets` rows). Deactivating is the gentler choice: it keeps everything.
    @discardableResult
    public func deleteAudience(_ reference: String, force: Bool = false) throws(AdminError) -> AudienceDeletion {
        try write {
            let audience = try resolveAudience(reference)
            let offers = try strings("SELECT id FROM offers WHERE audience_id = ? ORDER BY id", audience.id)
            if !offers.isEmpty && !force {
                throw AdminError(
                    "audience '\(audience.name)' is used by offer\(offers.count == 1 ? "" : "s") "
                        + offers.joined(separator: ", ")
                        + "; deactivate it instead, or delete with --force (which deletes those offers too)")
            }
            for offer in offers {
                try run("DELETE FROM offer_events WHERE offer_id = ?", offer)
                try run("DELETE FROM offer_tickets WHERE offer_id = ?", offer)
                try run("DELETE FROM offers WHERE id = ?", offer)
            }
            let highest = try count("SELECT max(id) FROM members WHERE audience_id = ?", audience.id)
            if highest > 0 {
                try MemberIDs.retire(upTo: Int64(highest), in: db)
            }
            try run("DELETE FROM members WHERE audience_id = ?", audience.id)
            let members = db.changes
            try run("DELETE FROM audiences WHERE id = ?", audience.id)
            return AudienceDeletion(audienceID: audience.id, members: members, offers: offers)
        }
    }

    // MARK: Internals shared by the other commands

    /// Finds an audience by exact id, else by exact name. Call inside a transaction.
    func resolveAudience(_ reference: String) throws -> (id: String, name: String, active: Bool) {
        let statement = try db.prepare("SELECT id, name, active FROM audiences WHERE id = ?1 OR name = ?1")
        try statement.bind(reference, at: 1)
        var found: [(id: String, name: String, active: Bool)] = []
        while try statement.step() == .row {
            found.append((statement.text(at: 0), statement.text(at: 1), statement.int64(at: 2) != 0))
        }
        if let byID = found.first(where: { $0.id == reference }) { return byID }
        guard let byName = found.first else {
            throw AdminError("no audience '\(reference)' in catalog \(path) (tessera audience list shows them)")
        }
        return byName
    }

    private func summary(id: String) throws -> AudienceSummary {
        let row = try db.prepare("SELECT id, name, description, active, source_event_id FROM audiences WHERE id = ?")
        try row.bind(id, at: 1)
        guard try row.step() == .row else { throw AdminError("no audience '\(id)' in catalog \(path)") }
        let source = row.isNull(at: 4) ? nil : row.text(at: 4)
        var summary = AudienceSummary(
            id: row.text(at: 0), name: row.text(at: 1), description: row.isNull(at: 2) ? nil : row.text(at: 2),
            active: row.int64(at: 3) != 0, sourceEventID: source,
            memberCount: try count("SELECT count(*) FROM members WHERE audience_id = ?", id),
            codeCount: try count(
                "SELECT count(*) FROM members WHERE audience_id = ? AND code IS NOT NULL AND code <> ''", id),
            attendeeCount: 0, offers: [])
        if let source { summary.attendeeCount = try count("SELECT count(*) FROM attendees WHERE event_id = ?", source) }
        let offers = try db.prepare("SELECT id, name, enabled FROM offers WHERE audience_id = ? ORDER BY id")
        try offers.bind(id, at: 1)
        while try offers.step() == .row {
            summary.offers.append(
                .init(id: offers.text(at: 0), name: offers.text(at: 1), enabled: offers.int64(at: 2) != 0))
        }
        return summary
    }

    private func unusedAudienceID(_ base: String) throws -> String {
        let base = base.isEmpty ? "audience" : base
        var candidate = base
        var n = 1
        while try count("SELECT count(*) FROM audiences WHERE id = ?", candidate) > 0 {
            n += 1
            candidate = "\(base)-\(n)"
        }
        return candidate
    }

    /// Lower-cased letters and digits of any script, everything else one `-`: ids stay
    /// readable in SQL and on the wire without quoting.
    static func slug(_ name: String) -> String {
        var result = ""
        var dash = false
        for character in name.lowercased() {
            if character.isLetter || character.isNumber {
                if dash && !result.isEmpty { result.append("-") }
                result.append(character)
                dash = false
            } else {
                dash = true
            }
        }
        return result
    }
}
