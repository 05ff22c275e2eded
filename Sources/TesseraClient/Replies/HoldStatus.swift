/// COMMIT's and RELEASE's answer: `OK id=<hold> state=<state>`, after a partial RELEASE
/// (SPEC §7) with one RELEASED line per offer before it.
public struct HoldStatus: ReplyDecodable, Equatable {
    public var id: String
    public var state: State
    /// The units a partial RELEASE gave back, per offer; empty otherwise.
    public var released: [HoldResult.Held]

    public enum State: Hashable, Sendable {
        case held, committed, released
        case other(String)

        init(wire: String) {
            switch wire {
            case "held": self = .held
            case "committed": self = .committed
            case "released": self = .released
            default: self = .other(wire)
            }
        }
    }

}

extension HoldStatus {
    public init(reply: Reply) throws(ClientError) {
        let (data, status) = try reply.parsed()
        released = []
        for line in data {
            try line.expect("RELEASED")
            released.append(try HoldResult.Held(line))
        }
        id = try status.string("id")
        state = State(wire: try status.string("state"))
    }
}
