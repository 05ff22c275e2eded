/// A calendar period after which member limits reset (SPEC §2 `offers.period`).
public enum Period: String, Sendable, CaseIterable {
    case day, week, month, year
}

extension Period {
    /// Start (inclusive, UTC) of the period in `zone` that contains `instant`.
    /// Weeks are ISO weeks starting Monday.
    public func start(containing instant: Instant, in zone: ZoneRules) -> Instant {
        bounds(containing: instant, in: zone).lowerBound
    }

    /// Start of the next period after the one containing `instant` (the `resets=` of EVAL).
    public func nextStart(after instant: Instant, in zone: ZoneRules) -> Instant {
        bounds(containing: instant, in: zone).upperBound
    }

    /// The period containing `instant`, from its start to the next one's start.
    ///
    /// A period starts at local midnight of its first day, converted to UTC. When
    /// that midnight does not exist (clocks jump over it) the period starts at the
    /// first instant after the jump; when it occurs twice, at the earlier one, so
    /// the repeated hour before the second midnight already belongs to the new period.
    public func bounds(containing instant: Instant, in zone: ZoneRules) -> Range<Instant> {
        // Keeps the arithmetic below far from Int64 overflow; real times are years 0–9999.
        let t = min(max(instant.seconds, -Period.clampLimit), Period.clampLimit)
        let local = t + Int64(zone.offset(at: Instant(seconds: t)))
        var firstDay = firstDay(containing: floorDivide(local, CivilDate.secondsPerDay))
        var nextDay = self.firstDay(after: firstDay)
        var start = zone.firstInstant(atOrAfterLocal: firstDay * CivilDate.secondsPerDay)
        var end = zone.firstInstant(atOrAfterLocal: nextDay * CivilDate.secondsPerDay)
        // Only when clocks go back across midnight: `t` is in the repeated span
        // after the next period's (earlier) midnight, so it belongs to that period.
        while end <= t {
            firstDay = nextDay
            nextDay = self.firstDay(after: firstDay)
            start = end
            end = zone.firstInstant(atOrAfterLocal: nextDay * CivilDate.secondsPerDay)
        }
        return Instant(seconds: start)..<Instant(seconds: end)
    }

    /// About 35 million years either side of 1970.
    static let clampLimit: Int64 = 1 << 50

    /// First day (days since 1970-01-01) of the period containing day `day`.
    func firstDay(containing day: Int64) -> Int64 {
        switch self {
        case .day:
            return day
        case .week:
            return day - Int64(CivilDate.weekday(ofDay: day) - 1)
        case .month:
            let date = CivilDate(daysSinceEpoch: day)
            return CivilDate(year: date.year, month: date.month, day: 1).daysSinceEpoch
        case .year:
            return CivilDate(year: CivilDate(daysSinceEpoch: day).year, month: 1, day: 1).daysSinceEpoch
        }
    }

    /// First day of the period after the one starting on day `first`.
    func firstDay(after first: Int64) -> Int64 {
        switch self {
        case .day:
            return first + 1
        case .week:
            return first + 7
        case .month:
            let date = CivilDate(daysSinceEpoch: first)
            let next =
                date.month == 12
                ? CivilDate(year: date.year + 1, month: 1, day: 1)
                : CivilDate(year: date.year, month: date.month + 1, day: 1)
            return next.daysSinceEpoch
        case .year:
            return CivilDate(year: CivilDate(daysSinceEpoch: first).year + 1, month: 1, day: 1).daysSinceEpoch
        }
    }
}
