import Foundation

/// One method per verb of SPEC §4: the request sent, its reply read as a typed result, an
/// `ERR` thrown as `ClientError.server` (its code, fields and message in `ReplyError`).
extension Client {
    /// Sends `request` and reads its `OK` reply as `Result`.
    public func perform<Result: ReplyDecodable>(_ request: Request, as type: Result.Type = Result.self)
        throws(ClientError) -> Result
    {
        try self.request(request).decode(type)
    }

    public func ping() throws(ClientError) {
        try request(.ping).requireOK()
    }

    /// What this customer or these codes may unlock at `event`.
    public func eval(event: String, customer: String? = nil, email: String? = nil, codes: [String] = [])
        throws(ClientError) -> EvalResult
    {
        try perform(.eval(event: event, customer: customer, email: email, codes: codes))
    }

    /// Reserves `items` for the cart `id`, all or nothing; `ERR limit_reached` and the other
    /// refusals are thrown. Safe to call again with the same id and content.
    public func hold(
        id: String, event: String, customer: String? = nil, email: String? = nil, codes: [String] = [],
        items: [Request.Item], ttl: Int? = nil
    ) throws(ClientError) -> HoldResult {
        try perform(.hold(id: id, event: event, customer: customer, email: email, codes: codes, items: items, ttl: ttl))
    }

    public func commit(id: String, order: String? = nil) throws(ClientError) -> HoldStatus {
        try perform(.commit(id: id, order: order))
    }

    public func release(id: String) throws(ClientError) -> HoldStatus {
        try perform(.release(id: id))
    }

    /// Gives back some units of a hold (SPEC §7 Partial refunds).
    public func release(id: String, items: [Request.Item], refund: String) throws(ClientError) -> HoldStatus {
        try perform(.release(id: id, items: items, refund: refund))
    }

    public func reload() throws(ClientError) -> ReloadResult {
        try perform(.reload)
    }

    public func stats() throws(ClientError) -> Stats {
        try perform(.stats)
    }

    /// The server's clock; with `set`, sets it first (test clock only).
    public func clock(set time: Date? = nil) throws(ClientError) -> Date {
        try perform(.clock(set: time), as: ClockResult.self).now
    }

    /// Authenticates this connection, and every new one from now on, with `token`.
    public func authenticate(token: String) throws(ClientError) {
        try request(.auth(token: token)).requireOK()
    }

    public func help() throws(ClientError) -> HelpResult {
        try perform(.help)
    }

    public func info() throws(ClientError) -> InfoResult {
        try perform(.info)
    }

    /// Says goodbye; the server closes the connection, and the next request opens a new one.
    public func quit() throws(ClientError) {
        try request(.quit).requireOK()
    }
}
