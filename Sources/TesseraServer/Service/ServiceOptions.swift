/// Options of the request layer (the network layer has `ServerOptions`).
public struct ServiceOptions: Sendable {
    /// Enables CLOCK (SPEC §4).
    public var testClock = false
    /// When set, every verb but PING, AUTH and QUIT needs `AUTH token=` first.
    public var token: String?
    /// When set, the verbs whose row needs the admin token (RELOAD) need `AUTH token=<admin token>`
    /// on the connection.
    public var adminToken: String?
    /// HOLD's ttl when the request has none.
    public var defaultHoldTTL = 900

    public init() {}
}
