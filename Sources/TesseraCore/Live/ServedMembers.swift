/// The members a catalog serves now: its own, less those live changes retired, plus those
/// they appended (`MemberDelta`). Read by position like the catalog's array; a field read
/// through the subscript (`members[m].seat`) copies only that field, as it did on the array.
public struct ServedMembers {
    @usableFromInline let base: [Member]
    @usableFromInline let added: [Member]

    init(base: [Member], added: [Member]) {
        self.base = base
        self.added = added
    }

    /// An addressor, not a `_read` coroutine: `members[m].seat` then reads the field where
    /// it lies, as on the array. A coroutine here was not inlined and copied the whole
    /// `Member` per read (retaining every string it holds): +30 % instructions per EVAL.
    /// The pointer stays valid for the access: `base` and `added` are constants of `self`.
    @inlinable public subscript(_ m: Member.Index) -> Member {
        unsafeAddress {
            let i = m.position
            if i < base.count { return base.withUnsafeBufferPointer { UnsafePointer($0.baseAddress! + i) } }
            return added.withUnsafeBufferPointer { UnsafePointer($0.baseAddress! + (i - base.count)) }
        }
    }
}

extension Catalog {
    /// The served members, for reading by position (see `ServedMembers`). Hot loops bind it
    /// to a local once, as they did the array.
    public var served: ServedMembers { ServedMembers(base: members, added: delta.added) }

    /// Calls `body` with every served member whose customer id is `customer`, in ascending position.
    @inline(__always)
    func forEachServed(customer: CustomerKey, _ body: (Member.Index) -> Void) {
        let delta = delta
        let members = members
        if delta.isEmpty { return membersByCustomer.forEach(customer.value, in: members, body) }
        membersByCustomer.forEach(customer.value, in: members) { if !delta.isRemoved($0) { body($0) } }
        delta.forEach(customer, in: delta.byCustomer, body)
    }

    /// Every served member with normalised e-mail `email`, ascending.
    @inline(__always)
    func forEachServed(email: String, _ body: (Member.Index) -> Void) {
        let delta = delta
        let members = members
        if delta.isEmpty { return membersByEmail.forEach(email, in: members, body) }
        membersByEmail.forEach(email, in: members) { if !delta.isRemoved($0) { body($0) } }
        delta.forEach(email, in: delta.byEmail, body)
    }

    /// Every served member with normalised code `code`, ascending.
    @inline(__always)
    func forEachServed(code: String, _ body: (Member.Index) -> Void) {
        let delta = delta
        let members = members
        if delta.isEmpty { return membersByCode.forEach(code, in: members, body) }
        membersByCode.forEach(code, in: members) { if !delta.isRemoved($0) { body($0) } }
        delta.forEach(code, in: delta.byCode, body)
    }

    /// Where `m` stands in the order holds take allowance (SPEC §3): by audience, its own
    /// members by ascending id, then its attendee members in row order. The catalog's
    /// positions follow this order; an appended member is placed by its id (a changed
    /// member keeps its place) or, as an attendee, after every earlier attendee row.
    @inline(__always)
    func holdOrder(_ m: Member.Index, _ members: borrowing ServedMembers) -> (Int, Int, Int64) {
        let member = members[m]
        if case .row(let id) = member.key { return (member.audience.position, 0, id) }
        return (member.audience.position, 1, Int64(m.position))
    }

    /// The served own member (a row of `members`) with id `id`, or nil: changed and added
    /// members by a hash lookup, the catalog's own by `memberIDs`.
    public func servedMember(id: Int64) -> Member.Index? {
        if let position = delta.positionByID[id] { return Member.Index(Int(position)) }
        guard let m = memberIDs.position(of: id), !delta.isRemoved(m) else { return nil }
        return m
    }

    /// The audience with id `id`, or nil.
    public func audience(id: String) -> Audience.Index? {
        audiences.firstIndex { $0.id == id }.map { Audience.Index($0) }
    }
}
