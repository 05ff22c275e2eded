/// A calendar period after which member limits reset (SPEC §2 `offers.period`).
public enum Period: String, Sendable, CaseIterable {
    case day, week, month, year
}

extension Period {
    /// Start (inclusive, UTC) of the period in `zone` that contains `instant`.
    /// Weeks are ISO weeks starting Monday.
    public func start(containing instant: Instant, in zone: ZoneRules) -> Instant { fatalError("TODO") }

    /// Start of the next period after the one containing `instant` (the `resets=` of EVAL).
    public func nextStart(after instant: Instant, in zone: ZoneRules) -> Instant { fatalError("TODO") }
}
