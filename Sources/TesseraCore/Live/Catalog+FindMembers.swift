extension Catalog {
    /// FIND_MEMBERS (SPEC §8): the ids of `audience`'s own served members (rows of
    /// `members`, not attendee members) that match any given value as EVAL matches
    /// (customer byte for byte, e-mail and code normalised): the first `limit` ascending, and
    /// how many there are. A value given empty matches nothing; with no value given at all,
    /// every own member is found.
    public func findMembers(
        in audience: Audience.Index, customer: String?, email: String?, code: String?, limit: Int = .max
    ) -> (ids: [Int64], count: Int) {
        if customer == nil && email == nil && code == nil { return allMembers(of: audience, limit: limit) }
        let members = served
        var ids: [Int64] = []
        func keep(_ m: Member.Index) {
            guard members[m].audience == audience, case .row(let id) = members[m].key else { return }
            ids.append(id)
        }
        if let customer, !customer.isEmpty { forEachServed(customer: CustomerKey(customer), keep) }
        if let email = email.flatMap(Normalization.key) { forEachServed(email: email, keep) }
        if let code = code.flatMap(Normalization.key) { forEachServed(code: code, keep) }
        ids.sort()
        var unique: [Int64] = []
        unique.reserveCapacity(ids.count)
        for id in ids where unique.last != id { unique.append(id) }
        return (Array(unique.prefix(limit)), unique.count)
    }

    /// Every own member of `audience`, without sorting a large audience on the event loop:
    /// the catalog's own rows are in id order already, so only the members changes appended
    /// are sorted, then merged in; the count needs no ids at all.
    private func allMembers(of audience: Audience.Index, limit: Int) -> (ids: [Int64], count: Int) {
        let members = self.members
        let range = audiences[audience].members
        var appended: [Int64] = []
        for k in delta.added.indices {
            let m = Member.Index(delta.baseCount + k)
            if delta.added[k].audience == audience, !delta.isRemoved(m), case .row(let id) = delta.added[k].key {
                appended.append(id)
            }
        }
        appended.sort()
        var count = appended.count
        var ids: [Int64] = []
        var next = 0  // into `appended`
        for m in range {
            guard case .row(let id) = members[m.position].key else { break }  // attendee members follow
            if delta.isRemoved(m) { continue }
            count += 1
            guard ids.count < limit else { continue }
            while next < appended.count, appended[next] < id, ids.count < limit {
                ids.append(appended[next])
                next += 1
            }
            if ids.count < limit { ids.append(id) }
        }
        while next < appended.count, ids.count < limit {
            ids.append(appended[next])
            next += 1
        }
        return (ids, count)
    }
}
