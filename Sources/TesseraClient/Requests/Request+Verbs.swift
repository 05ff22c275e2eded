import Foundation
import TesseraCore

/// One factory per verb of SPEC §4: the keys each verb takes, every value percent-encoded.
extension Request {
    /// `PING` → `OK`.
    public static let ping = Request(.ping)
    /// `RELOAD` → `OK offers= members= ms=`. Needs the admin token when one is set.
    public static let reload = Request(.reload)
    /// `STATS` → `STAT name= value=` lines.
    public static let stats = Request(.stats)
    /// `QUIT` → `OK`, then the server closes the connection.
    public static let quit = Request(.quit)
    /// `HELP` → one `VERB name= help=` line per verb.
    public static let help = Request(.help)
    /// `INFO` → `INFO key= value=` lines about the server.
    public static let info = Request(.info)

    /// `EVAL`: what may this customer or these codes unlock at `event`?
    public static func eval(event: String, customer: String? = nil, email: String? = nil, codes: [String] = []) -> Request {
        var fields = [Field(key: "event", value: event)]
        fields += identity(customer: customer, email: email, codes: codes)
        return Request(.eval, fields)
    }

    /// `HOLD`: reserve `items` for the cart `id`, all or nothing. `id` is the idempotency key:
    /// sending the same hold again returns the first answer, which is why the client may
    /// repeat it after a broken connection.
    public static func hold(
        id: String, event: String, customer: String? = nil, email: String? = nil, codes: [String] = [],
        items: [Item], ttl: Int? = nil
    ) -> Request {
        var fields = [Field(key: "id", value: id), Field(key: "event", value: event)]
        fields += identity(customer: customer, email: email, codes: codes)
        fields += items.map { Field(key: "item", value: $0.wireValue, encoded: true) }
        if let ttl { fields.append(Field(key: "ttl", value: String(ttl))) }
        return Request(.hold, fields)
    }

    /// `COMMIT`: turn the hold into a redemption, keeping `order` with it.
    public static func commit(id: String, order: String? = nil) -> Request {
        var fields = [Field(key: "id", value: id)]
        if let order { fields.append(Field(key: "order", value: order)) }
        return Request(.commit, fields)
    }

    /// `RELEASE`: give the hold back (a refund when it was committed).
    public static func release(id: String) -> Request {
        Request(.release, [Field(key: "id", value: id)])
    }

    /// `RELEASE` of some units only (SPEC §7 Partial refunds); `refund` names this release
    /// within the hold and makes it idempotent.
    public static func release(id: String, items: [Item], refund: String) -> Request {
        var fields = [Field(key: "id", value: id)]
        fields += items.map { Field(key: "item", value: $0.wireValue, encoded: true) }
        fields.append(Field(key: "refund", value: refund))
        return Request(.release, fields)
    }

    /// `CLOCK`, or `CLOCK set=<time>` (only on a server run with the test clock). A time is
    /// sent in whole seconds, as the server reads it.
    public static func clock(set time: Date? = nil) -> Request {
        guard let time else { return Request(.clock) }
        let seconds = Int64(time.timeIntervalSince1970.rounded(.down))
        return Request(.clock, [Field(key: "set", value: Instant(seconds: seconds).iso8601)])
    }

    /// `AUTH token=`. The client sends it itself on every new connection when its options
    /// carry a token; once the server accepts this one, the client uses it from then on.
    public static func auth(token: String) -> Request {
        Request(.auth, [Field(key: "token", value: token)], token: token)
    }

    private static func identity(customer: String?, email: String?, codes: [String]) -> [Field] {
        var fields: [Field] = []
        if let customer { fields.append(Field(key: "customer", value: customer)) }
        if let email { fields.append(Field(key: "email", value: email)) }
        fields += codes.map { Field(key: "code", value: $0) }
        return fields
    }
}
