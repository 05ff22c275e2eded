/// A member the request matched, and how: by identity (customer id or
/// e-mail), by one of its codes, or both.
public struct MemberMatch: Sendable, Equatable {
    public var member: Member.Index
    public var byIdentity: Bool
    public var byCode: Bool
}

extension Catalog {
    /// Every member matched by the shopper, in ascending member index, which
    /// groups them by audience and orders them as holds take allowance.
    /// Cost: one lookup per identity field and code, never a scan of members; with live
    /// changes (`MemberDelta`), one more in the delta's own tables and a retired-position
    /// check per member found.
    public func matches(for shopper: Shopper) -> SmallList<MemberMatch> {
        var found = SmallList<MemberMatch>()
        matches(for: shopper, into: &found)
        return found
    }

    /// The same into `found`, emptied first; a list kept for reuse keeps its storage.
    func matches(for shopper: Shopper, into found: inout SmallList<MemberMatch>) {
        found.removeAll()
        if let customer = shopper.customer {
            forEachServed(customer: customer) { found.append(MemberMatch(member: $0, byIdentity: true, byCode: false)) }
        }
        if let email = shopper.email {
            forEachServed(email: email) { found.append(MemberMatch(member: $0, byIdentity: true, byCode: false)) }
        }
        for i in shopper.codes.indices {  // by index: iterating copies the list
            guard let code = shopper.codes[i] else { continue }
            forEachServed(code: code) { found.append(MemberMatch(member: $0, byIdentity: false, byCode: true)) }
        }
        if found.count < 2 { return }
        let baseCount = delta.baseCount
        var anyAppended = false
        for i in found.indices where found[i].member.position >= baseCount { anyAppended = true }
        if delta.isEmpty || !anyAppended {
            // Only the catalog's own members: their positions are in hold order.
            found.sort { $0.member < $1.member }
        } else {
            // Appended members are not in the catalog's order: placed by audience, id, row.
            let members = served
            found.sort { holdOrder($0.member, members) < holdOrder($1.member, members) }
        }
        // Merge duplicates in place (a member found both by e-mail and by code is one member).
        var kept = 1
        for i in 1..<found.count {
            let match = found[i]
            if found[kept - 1].member == match.member {
                found[kept - 1].byIdentity = found[kept - 1].byIdentity || match.byIdentity
                found[kept - 1].byCode = found[kept - 1].byCode || match.byCode
            } else {
                found[kept] = match
                kept += 1
            }
        }
        found.removeLast(found.count - kept)
    }
}
