/// SPEC §8's rules over the served catalog (the catalog and its `MemberDelta`): who holds a
/// value, which attendee row a DEL_ATTENDEE means, and applying a change once it is
/// committed to the file. Pure: the server decides when (on its loop, in the order it takes
/// changes) and the store writes the file.
extension Catalog {
    /// The own member (not an attendee member) of `audience` other than `excluding` that
    /// already has one of the values, checked customer id, e-mail, code in turn; the lowest
    /// id of those that have the first one taken. One person is one member (SPEC §8).
    public func conflict(in audience: Audience.Index, with fields: MemberFields, excluding: Int64?) -> Int64? {
        let members = served
        var found: Int64?
        func consider(_ m: Member.Index) {
            guard members[m].audience == audience, case .row(let id) = members[m].key, id != excluding else { return }
            if found.map({ id < $0 }) ?? true { found = id }
        }
        if let customer = fields.customerID { forEachServed(customer: CustomerKey(customer), consider) }
        if found != nil { return found }
        if let email = fields.email.flatMap(Normalization.key) { forEachServed(email: email, consider) }
        if found != nil { return found }
        if let code = fields.code.flatMap(Normalization.key) { forEachServed(code: code, consider) }
        return found
    }

    /// The values a SET_MEMBER leaves `m` with: those given replace, an empty one clears,
    /// the rest stay (`given` says which keys the request had). What the served member
    /// keeps of e-mail and code is normalised; only the file keeps them as sent.
    public func fields(of m: Member.Index) -> MemberFields {
        let member = served[m]
        var fields = MemberFields()
        fields.customerID = member.customerID
        fields.email = member.email
        fields.code = member.code
        fields.quantity = member.quantity
        fields.category = member.category
        fields.seat = member.seat
        fields.location = member.location
        fields.from = member.window.from
        fields.until = member.window.until
        return fields
    }

    /// Serves a new own member, committed to the file with id `id`.
    public func applyAdd(id: Int64, audience: Audience.Index, fields: MemberFields) {
        delta.append(fields.member(audience: audience, id: id))
    }

    /// Replaces the served member `id` with its new values: it keeps its id, so its usage
    /// (keyed by `m:<id>`) and its place among its audience's members.
    public func applySet(id: Int64, fields: MemberFields) {
        guard let m = servedMember(id: id) else { return }
        let old = served[m]
        delta.remove(m, member: old)
        delta.append(fields.member(audience: old.audience, id: id))
    }

    /// Stops serving member `id`. Its usage stays in the ledger under its id, which is never
    /// given again, so its holds still count and a new member starts fresh.
    public func applyDelete(id: Int64) {
        guard let m = servedMember(id: id) else { return }
        delta.remove(m, member: served[m])
    }

    /// The audiences whose source event is `event`: an attendee row of it is a member of each.
    func audiences(sourcedBy event: Event.Index) -> [Audience.Index] {
        audiences.typedIndices(Audience.Index.self).filter { audiences[$0].sourceEvent == event }
    }

    /// Serves a new attendee row of `event`: one member per audience sourced by it, keyed as
    /// the builder keys the row (its content and occurrence), so a row removed and added
    /// again with the same values is the same member, with its usage (SPEC §8).
    public func applyAddAttendee(event: Event.Index, fields: AttendeeFields) {
        let sourced = audiences(sourcedBy: event)
        guard let first = sourced.first else { return }
        let content = fields.content
        let occurrence = attendeeMembers(of: first, fields: fields) { $0.content(is: content) }.count + 1
        let member = { (a: Audience.Index) in
            Member(
                audience: a, key: .attendee("\(content)\u{1F}\(occurrence)"), customerID: fields.customerID,
                email: fields.email.flatMap(Normalization.key), code: fields.barcode.flatMap(Normalization.key),
                quantity: nil, category: nil, seat: nil, location: nil, window: .always)
        }
        for a in sourced { delta.append(member(a)) }
    }

    /// Stops serving the last attendee row of `event` with these values (compared as
    /// DEL_ATTENDEE compares): its member in every audience sourced by the event.
    public func applyDeleteAttendee(event: Event.Index, fields: AttendeeFields) {
        let sourced = audiences(sourcedBy: event)
        guard let first = sourced.first,
            let last = attendeeMembers(of: first, fields: fields, where: { _ in true }).last
        else { return }
        let key = served[last].key
        for a in sourced {
            for m in attendeeMembers(of: a, fields: fields, where: { $0 == key }) { delta.remove(m, member: served[m]) }
        }
    }

    /// The served attendee members of `audience` that are rows with `fields` (as
    /// `AttendeeFields.matches` compares) and whose key passes `keep`, in row order.
    private func attendeeMembers(
        of audience: Audience.Index, fields: AttendeeFields, where keep: (MemberKey) -> Bool
    ) -> [Member.Index] {
        let members = served
        var found: [Member.Index] = []
        let visit = { (m: Member.Index) in
            let member = members[m]
            guard member.audience == audience, case .attendee = member.key, fields.matches(member), keep(member.key)
            else { return }
            found.append(m)
        }
        if let customer = fields.customerID {
            forEachServed(customer: CustomerKey(customer), visit)
        } else if let email = fields.email.flatMap(Normalization.key) {
            forEachServed(email: email, visit)
        } else if let barcode = fields.barcode.flatMap(Normalization.key) {
            forEachServed(code: barcode, visit)
        }
        return found
    }
}

extension MemberKey {
    /// Whether this attendee key is for a row whose content is `content` (any occurrence).
    func content(is content: String) -> Bool {
        guard case .attendee(let text) = self, let cut = text.lastIndex(of: "\u{1F}") else { return false }
        return text[..<cut] == content
    }
}
