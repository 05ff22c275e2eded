/// A hold as the ledger remembers it: enough to answer a repeat byte for byte,
/// to commit or release it, and to rebuild usage after a restart.
public struct HoldRecord: Sendable, Equatable {
    public enum State: String, Sendable { case held, committed, released }

    /// The client's cart or order key.
    public var id: String
    /// The request's content after decoding and normalising (SPEC §6 Idempotency).
    public var content: String
    /// The first answer, byte for byte.
    public var reply: [UInt8]
    public var createdAt: Instant
    public var expiresAt: Instant
    public var state: State
    /// The `order=` of the first COMMIT.
    public var order: String?
    /// What the hold still takes: its units less those partial releases gave back.
    public var takes: [OfferTake]
    /// The partial releases answered OK, in order (SPEC §7 Partial refunds).
    public var refunds: [RefundRecord]

    public init(
        id: String, content: String, reply: [UInt8], createdAt: Instant, expiresAt: Instant, state: State = .held,
        order: String? = nil, takes: [OfferTake], refunds: [RefundRecord] = []
    ) {
        self.id = id; self.content = content; self.reply = reply; self.createdAt = createdAt
        self.expiresAt = expiresAt; self.state = state; self.order = order; self.takes = takes
        self.refunds = refunds
    }
}

extension HoldRecord {
    /// The highest catalog member id the hold takes from, 0 when none: a new member's id
    /// is above every such id (SPEC §8 Member ids), so nobody inherits a removed member's holds.
    public var highestMemberID: Int64 {
        var highest: Int64 = 0
        for take in takes {
            for allocation in take.allocations {
                if case .row(let id) = allocation.slot.member { highest = max(highest, id) }
            }
        }
        return highest
    }
}
