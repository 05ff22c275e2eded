extension Catalog {
    /// FIND_MEMBERS (SPEC §8): the ids of `audience`'s own served members (rows of
    /// `members`, not attendee members) that match any given value as EVAL matches
    /// (customer byte for byte, e-mail and code normalised), ascending. A value given empty
    /// matches nothing; with no value given at all, every own member is found.
    public func findMembers(in audience: Audience.Index, customer: String?, email: String?, code: String?) -> [Int64] {
        let members = served
        var ids: [Int64] = []
        func keep(_ m: Member.Index) {
            guard members[m].audience == audience, case .row(let id) = members[m].key else { return }
            ids.append(id)
        }
        if customer == nil && email == nil && code == nil {
            for m in audiences[audience].members where !delta.isRemoved(m) { keep(m) }
            for k in delta.added.indices {
                let m = Member.Index(delta.baseCount + k)
                if !delta.isRemoved(m) { keep(m) }
            }
        } else {
            if let customer, !customer.isEmpty { forEachServed(customer: CustomerKey(customer), keep) }
            if let email = email.flatMap(Normalization.key) { forEachServed(email: email, keep) }
            if let code = code.flatMap(Normalization.key) { forEachServed(code: code, keep) }
        }
        ids.sort()
        var unique: [Int64] = []
        unique.reserveCapacity(ids.count)
        for id in ids where unique.last != id { unique.append(id) }
        return unique
    }
}
