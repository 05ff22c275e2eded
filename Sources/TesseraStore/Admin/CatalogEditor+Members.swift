/// `tessera members add|remove|set-quantity|search`: one member at a time.
extension CatalogEditor {
    /// Adds one member after the same checks as an imported row; returns its id.
    /// One person is one member of an audience (SPEC §8): a code, e-mail or customer
    /// id that a member already has is refused, naming that member.
    @discardableResult
    public func addMember(to audience: String, _ fields: [MemberField: String]) throws(AdminError) -> Int64 {
        try write {
            let audience = try resolveAudience(audience)
            let text = { (field: MemberField) in fields[field].map(\.trimmed).flatMap(Self.present) }
            let identities = try MemberIdentities(
                reading: db, audienceID: audience.id,
                against: MemberIdentities.Keys(code: text(.code), email: text(.email), customer: text(.customer)))
            var validator = MemberRowValidator(audienceName: audience.name, identities: identities)
            switch validator.validate(line: 0, text) {
            case .success(let row):
                return try MemberInserter(db, audienceID: audience.id, names: row.values.name != nil).insert(row.values)
            case .failure(let rejection):
                throw AdminError(rejection.reasons.joined(separator: "; "))
            }
        }
    }

    /// Removes the audience's members that `selector` matches; returns how many.
    /// Matching none is an error: the operator meant someone.
    @discardableResult
    public func removeMembers(from audience: String, matching selector: MemberSelector) throws(AdminError) -> Int {
        try write {
            let audience = try resolveAudience(audience)
            let ids = try selectedIDs(audience, selector)
            try MemberIDs.retire(upTo: ids.max() ?? 0, in: db)
            let delete = try db.prepare("DELETE FROM members WHERE id = ?")
            for id in ids {
                try delete.bind(id, at: 1)
                try delete.run()
            }
            return ids.count
        }
    }

    /// Sets the quantity (nil: the offer's `per_member`) of the matched members.
    @discardableResult
    public func setQuantity(_ quantity: Int?, in audience: String, matching selector: MemberSelector) throws(AdminError)
        -> Int
    {
        if let quantity, !(0...MemberRowValidator.maximumQuantity).contains(quantity) {
            throw AdminError(
                "quantity must be a whole number from 0 to \(MemberRowValidator.maximumQuantity), got \(quantity)")
        }
        return try write {
            let audience = try resolveAudience(audience)
            let ids = try selectedIDs(audience, selector)
            let update = try db.prepare("UPDATE members SET quantity = ? WHERE id = ?")
            try update.bind(quantity, at: 1)
            for id in ids {
                try update.bind(id, at: 2)
                try update.run()
            }
            return ids.count
        }
    }

    /// Members matching `query`, in id order: the first `limit`, and how many match.
    public func searchMembers(_ query: MemberQuery, limit: Int = 50) throws(AdminError) -> (
        members: [StoredMember], total: Int
    ) {
        let matches = try query.matcher()
        return try read {
            let audienceID = try query.audience.map { try resolveAudience($0).id }
            var found: [StoredMember] = []
            var total = 0
            try forEachMember(in: audienceID) { member in
                guard matches(member) else { return }
                total += 1
                if found.count < limit { found.append(member) }
            }
            return (found, total)
        }
    }

    /// Every member of one audience (or all) in id order, read with one statement.
    func forEachMember(in audienceID: String?, _ body: (StoredMember) throws -> Void) throws {
        let withName = try MemberNameColumn.exists(in: db)
        let statement = try db.prepare(
            """
            SELECT id, audience_id, customer_id, email, code, quantity, category, seat, location, valid_from, valid_until
                   \(withName ? ", name" : "")
            FROM members \(audienceID == nil ? "" : "WHERE audience_id = ?") ORDER BY id
            """)
        if let audienceID { try statement.bind(audienceID, at: 1) }
        func text(_ column: Int) -> String? { statement.isNull(at: column) ? nil : statement.text(at: column) }
        while try statement.step() == .row {
            let quantity: Int? =
                switch statement.type(at: 5) {
                case .integer: Int(statement.int64(at: 5))
                case .null: nil
                default: Int(statement.text(at: 5))
                }
            try body(
                StoredMember(
                    id: statement.int64(at: 0), audienceID: statement.text(at: 1),
                    values: MemberValues(
                        customerID: text(2), email: text(3), code: text(4), quantity: quantity, category: text(6),
                        seat: text(7), location: text(8), validFrom: text(9), validUntil: text(10),
                        name: withName ? text(11) : nil)))
        }
    }

    private func selectedIDs(_ audience: (id: String, name: String, active: Bool), _ selector: MemberSelector) throws
        -> [Int64]
    {
        var ids: [Int64] = []
        try forEachMember(in: audience.id) { if selector.matches($0) { ids.append($0.id) } }
        guard !ids.isEmpty else { throw AdminError("no member of audience '\(audience.name)' has \(selector)") }
        return ids
    }
}
