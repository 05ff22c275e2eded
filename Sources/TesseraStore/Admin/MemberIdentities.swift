import TesseraCore

/// Who in one audience has which code, e-mail and customer id, so that a new row
/// meets the rule "one person is one member of an audience" (SPEC §8): a value that a
/// member, or an earlier row of the same sheet, already has is a collision.
///
/// Built from one read of the audience's rows before the first row is checked and
/// kept up to date as rows are accepted: a row of a million-row import costs one
/// dictionary operation per value it has, never a query. Codes and e-mails are
/// compared normalised as the server compares them (`CodeKey`, which is
/// `Normalization.key`), customer ids byte for byte (`CustomerKey`). Only `members`
/// rows count: attendee members (SPEC §6) and other audiences are not read.
struct MemberIdentities {
    /// One row's normalised values, computed once for every operation on them.
    ///
    /// All three are compared byte for byte (`CustomerKey`): a normalised code or
    /// e-mail is NFC already, so its bytes are equal exactly when the text is, and a
    /// `String` key would normalise every non-ASCII e-mail again to hash and compare it
    /// (a third of an import of `gæst…@example.dk` rows).
    struct Keys {
        var code: CustomerKey?
        var email: CustomerKey?
        var customer: CustomerKey?

        init(code: String?, email: String?, customer: String?) {
            self.code = code.flatMap(CodeKey.key).map(CustomerKey.init)
            self.email = email.flatMap(CodeKey.key).map(CustomerKey.init)
            self.customer = customer.flatMap { $0.isEmpty ? nil : CustomerKey($0) }
        }

        init(_ values: MemberValues) {
            self.init(code: values.code, email: values.email, customer: values.customerID)
        }

        /// Only those of `keys` that this row has too.
        func shared(with keys: Keys) -> Keys {
            var shared = keys
            if shared.code != code { shared.code = nil }
            if shared.email != email { shared.email = nil }
            if shared.customer != customer { shared.customer = nil }
            return shared
        }
    }

    private var codes: Owners<CustomerKey>
    private var emails: Owners<CustomerKey>
    private var customers: Owners<CustomerKey>
    /// Members an earlier row of the sheet updates (`--update`), and that row's line.
    private var updatedOnLine: [Int64: Int] = [:]

    /// Empty, with room for `capacity` values of each kind.
    init(capacity: (code: Int, email: Int, customer: Int) = (0, 0, 0)) {
        codes = Owners(capacity: capacity.code)
        emails = Owners(capacity: capacity.email)
        customers = Owners(capacity: capacity.customer)
    }

    /// The members of `audienceID`, in id order (so where an old catalog has one value
    /// twice, the lower id comes first), with room for `expectedRows` more values of
    /// each kind `sheetFields` holds: what an import checks its rows against.
    init(reading db: Database, audienceID: String, expectedRows: Int = 0, sheetFields: Set<MemberField> = [])
        throws(SQLiteError)
    {
        let counts = try db.prepare(
            "SELECT count(code), count(email), count(customer_id) FROM members WHERE audience_id = ?")
        try counts.bind(audienceID, at: 1)
        _ = try counts.step()
        func room(_ column: Int, _ field: MemberField) -> Int {
            Int(counts.int64(at: column)) + (sheetFields.contains(field) ? expectedRows : 0)
        }
        self.init(capacity: (room(0, .code), room(1, .email), room(2, .customer)))
        try Self.forEachMember(of: audienceID, in: db) { add(member: $0, $1) }
    }

    /// Only the values of `audienceID`'s members that `row` has: all one new member
    /// (`members add`) is checked against, without holding a large audience in memory.
    init(reading db: Database, audienceID: String, against row: Keys) throws(SQLiteError) {
        self.init()
        try Self.forEachMember(of: audienceID, in: db) { add(member: $0, row.shared(with: $1)) }
    }

    /// Each member of the audience with a code, e-mail or customer id, in id order:
    /// one statement for the whole audience.
    private static func forEachMember(
        of audienceID: String, in db: Database, _ body: (Int64, Keys) -> Void
    ) throws(SQLiteError) {
        let rows = try db.prepare(
            """
            SELECT id, code, email, customer_id FROM members
            WHERE audience_id = ? AND (code IS NOT NULL OR email IS NOT NULL OR customer_id IS NOT NULL) ORDER BY id
            """)
        try rows.bind(audienceID, at: 1)
        func text(_ column: Int) -> String? { rows.isNull(at: column) ? nil : rows.text(at: column) }
        while try rows.step() == .row {
            body(rows.int64(at: 0), Keys(code: text(1), email: text(2), customer: text(3)))
        }
    }

    /// Records a member the audience already has.
    mutating func add(member id: Int64, _ keys: Keys) {
        if let code = keys.code { codes.add(member: id, code) }
        if let email = keys.email { emails.add(member: id, email) }
        if let customer = keys.customer { customers.add(member: id, customer) }
    }

    /// Everyone who has one of the row's values: code first, then e-mail, then customer id.
    func collisions(_ keys: Keys, _ values: MemberValues) -> [MemberCollision] {
        var found: [MemberCollision] = []
        if let code = keys.code { collect(codes, code, .code, values.code, into: &found) }
        if let email = keys.email { collect(emails, email, .email, values.email, into: &found) }
        if let customer = keys.customer { collect(customers, customer, .customer, values.customerID, into: &found) }
        return found
    }

    /// Gives the row's values to `line` when nobody has any of them, and returns no
    /// collision; otherwise takes none and returns `collisions`. The usual row costs
    /// one dictionary operation per value, where a look-up and then a claim cost two.
    mutating func take(_ keys: Keys, _ values: MemberValues, line: Int) -> [MemberCollision] {
        let code = keys.code.map { codes.take($0, line: line) } ?? true
        let email = keys.email.map { emails.take($0, line: line) } ?? true
        let customer = keys.customer.map { customers.take($0, line: line) } ?? true
        if code && email && customer { return [] }
        if code, let key = keys.code { codes.release(key) }
        if email, let key = keys.email { emails.release(key) }
        if customer, let key = keys.customer { customers.release(key) }
        return collisions(keys, values)
    }

    private func collect<Key>(
        _ owners: Owners<Key>, _ key: Key, _ field: MemberField, _ value: String?, into found: inout [MemberCollision]
    ) {
        guard let owner = owners.first(key) else { return }
        found.append(MemberCollision(field: field, value: value ?? "", holder: holder(owner)))
        for id in owners.others(key) {
            found.append(MemberCollision(field: field, value: value ?? "", holder: holder(.member(id))))
        }
    }

    private func holder(_ owner: Owner) -> MemberCollision.Holder {
        switch owner {
        case .line(let line): .line(line)
        case .member(let id): updatedOnLine[id].map { .updated(member: id, line: $0) } ?? .member(id)
        }
    }

    /// Gives the row's values to `line` though `member` has some of them: the row
    /// updates that member, whose other values count as the line's from now on too.
    mutating func claim(_ keys: Keys, line: Int, updating member: Int64) {
        if let code = keys.code { codes.claim(code, line: line) }
        if let email = keys.email { emails.claim(email, line: line) }
        if let customer = keys.customer { customers.claim(customer, line: line) }
        updatedOnLine[member] = line
    }

    /// Who has a value, as stored: `Holder` without the update, which is looked up.
    fileprivate enum Owner {
        case member(Int64)
        case line(Int)
    }

    /// The holders of one kind of value. Nearly every value has one; the members after
    /// the first with the same value (a catalog written before this rule, or by another
    /// writer) are kept aside, so the usual case costs one dictionary entry.
    fileprivate struct Owners<Key: Hashable> {
        private var owner: [Key: Owner] = [:]
        private var more: [Key: [Int64]] = [:]

        init(capacity: Int) { owner.reserveCapacity(capacity) }

        mutating func add(member id: Int64, _ key: Key) {
            // One hash for the usual new value; a shared one (rare) is put back after.
            guard let previous = owner.updateValue(.member(id), forKey: key) else { return }
            owner[key] = previous
            more[key, default: []].append(id)
        }

        /// Who has `key` first: the member with the lowest id, or the row that took it.
        func first(_ key: Key) -> Owner? { owner[key] }

        /// The other members with `key`, in id order.
        func others(_ key: Key) -> [Int64] { more.isEmpty ? [] : more[key] ?? [] }

        /// Gives `key` to `line` when nobody has it; false (and nothing changed) when someone does.
        mutating func take(_ key: Key, line: Int) -> Bool {
            guard let previous = owner.updateValue(.line(line), forKey: key) else { return true }
            owner[key] = previous
            return false
        }

        /// Undoes a `take` that returned true.
        mutating func release(_ key: Key) { owner[key] = nil }

        /// Gives `key` to `line`: for a value nobody has, or that only the member the row updates has.
        mutating func claim(_ key: Key, line: Int) { owner[key] = .line(line) }
    }
}
