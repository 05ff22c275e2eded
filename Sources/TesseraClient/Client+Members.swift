/// SPEC §8 Live membership changes: one method per verb, an `ERR` thrown as
/// `ClientError.server` (`conflict`'s `member`, `unknown_audience`, `unavailable` …).
extension Client {
    /// Adds a member; returns its new id.
    public func addMember(audience: String, _ values: Request.MemberValues) throws(ClientError) -> Int64 {
        try perform(.addMember(audience: audience, values), as: MemberChangeResult.self).member
    }

    /// Changes the given values of member `id`; its usage stays with it.
    public func setMember(id: Int64, _ values: Request.MemberValues) throws(ClientError) {
        _ = try perform(.setMember(id: id, values), as: MemberChangeResult.self)
    }

    /// Removes member `id` from every answer; its holds still count.
    public func delMember(id: Int64) throws(ClientError) {
        _ = try perform(.delMember(id: id), as: MemberChangeResult.self)
    }

    public func findMembers(audience: String, customer: String? = nil, email: String? = nil, code: String? = nil)
        throws(ClientError) -> FoundMembers
    {
        try perform(.findMembers(audience: audience, customer: customer, email: email, code: code))
    }

    public func addAttendee(event: String, customer: String? = nil, email: String? = nil, barcode: String? = nil)
        throws(ClientError)
    {
        try request(.addAttendee(event: event, customer: customer, email: email, barcode: barcode)).requireOK()
    }

    /// Removes the last attendee row of `event` with these values; whether there was one.
    public func delAttendee(event: String, customer: String? = nil, email: String? = nil, barcode: String? = nil)
        throws(ClientError) -> Bool
    {
        try perform(.delAttendee(event: event, customer: customer, email: email, barcode: barcode), as: AttendeeRemoval.self)
            .removed
    }
}
