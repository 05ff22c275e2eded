/// Where one member's usage of one offer is counted (SPEC §3 Limits): the
/// offer, the member, the scope bucket (the event, or every event) and the
/// period containing the hold's creation time.
///
/// Keys are ids, not catalog indexes, so usage survives a RELOAD that
/// reorders or changes the catalog.
public struct UsageSlot: Hashable, Sendable {
    public var offer: String
    public var member: MemberKey
    /// The event id for `scope = 'event'`; nil for `'all'`.
    public var event: String?
    /// Start of the period; nil for an offer without a period (one endless period).
    public var periodStart: Instant?

    public init(offer: String, member: MemberKey, event: String?, periodStart: Instant?) {
        self.offer = offer; self.member = member; self.event = event; self.periodStart = periodStart
    }
}

/// Read access to live usage (holds that have not expired or been released,
/// and commits not refunded), as the ledger keeps it in memory.
public protocol UsageReading {
    /// Units counted against `slot`.
    func used(_ slot: UsageSlot) -> Int
    /// Units of the offer counted against its `total`, over all members, events and time.
    func usedTotal(offer: String) -> Int
    /// True only when nothing at all counts against the offer, so every
    /// `used` of its slots is 0 and lookups can be skipped. May say false.
    func isUnused(offer: String) -> Bool
    /// Discount money of the offer in use (SPEC §7 Money budget): the stored amounts of
    /// the units of its live holds and commits, each as fixed when its hold was made.
    func moneyInUse(offer: String) -> Int
}

extension UsageReading {
    /// Safe default: always look.
    public func isUnused(offer: String) -> Bool { false }
    /// No money is counted unless the reader keeps it.
    public func moneyInUse(offer: String) -> Int { 0 }
}

/// No usage at all: the answer before any hold exists.
public struct NoUsage: UsageReading, Sendable {
    public init() {}
    public func used(_ slot: UsageSlot) -> Int { 0 }
    public func usedTotal(offer: String) -> Int { 0 }
    public func isUnused(offer: String) -> Bool { true }
}

extension Offer {
    /// The slot `member`'s usage of this offer at `event` at time `now` counts in.
    public func usageSlot(member: MemberKey, event: String, at now: Instant) -> UsageSlot {
        usageSlot(member: member, event: event, periodStart: period.map { $0.start(containing: now, in: zone) })
    }

    /// The same, with the period's start already known (it is the same for
    /// every member of a grant: computed once, not per member).
    public func usageSlot(member: MemberKey, event: String, periodStart: Instant?) -> UsageSlot {
        UsageSlot(offer: id, member: member, event: scope == .event ? event : nil, periodStart: periodStart)
    }

    /// A member's limit: its quantity, else `per_member`, else unlimited (nil).
    @inlinable public func limit(of member: Member) -> Int? {
        member.quantity ?? perMember
    }
}
