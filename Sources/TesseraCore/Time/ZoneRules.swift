/// UTC offsets of one IANA time zone, precomputed once at catalog load so that
/// period boundaries cost a binary search per request, never a Foundation call.
///
/// The table holds every offset change from 1800 to 2500 (built from Foundation in
/// `ZoneRules+Foundation.swift`). Later instants reuse its last 400 years: the
/// Gregorian calendar, weekdays included, repeats every 400 years, so rules of the
/// "last Sunday of March" kind give the same transitions, exactly as Foundation
/// extends a zone's final rule. Earlier instants get the table's first offset.
public final class ZoneRules: Sendable {
    public let identifier: String

    /// Instants (Unix seconds, ascending) at which the offset changes.
    let transitions: [Int64]
    /// `offsets[i]` is in force before `transitions[i]` and from `transitions[i - 1]`,
    /// so there is one more offset than transitions.
    let offsets: [Int32]
    /// Largest |offset|: bounds the UTC window in which a local time can occur.
    let maxAbsoluteOffset: Int64

    init(identifier: String, transitions: [Int64], offsets: [Int32]) {
        precondition(offsets.count == transitions.count + 1, "one offset per gap between transitions")
        self.identifier = identifier
        self.transitions = transitions
        self.offsets = offsets
        maxAbsoluteOffset = offsets.map { Int64(abs($0)) }.max() ?? 0
    }

    /// UTC itself: no transitions, no Foundation needed.
    public static let utc = ZoneRules(identifier: "UTC", transitions: [], offsets: [0])

    /// Seconds east of UTC in force at `instant`.
    public func offset(at instant: Instant) -> Int32 {
        offsets[transitionsUpTo(ZoneRules.intoTable(instant.seconds).t)]
    }
}

extension ZoneRules {
    /// 1800-01-01T00:00:00Z: before it the first offset holds (local mean time or so).
    static let tableStart: Int64 = -5_364_662_400
    /// 2500-01-01T00:00:00Z: from here on instants map into the last 400 years.
    static let tableEnd: Int64 = 16_725_225_600
    /// 400 Gregorian years: 146 097 days, a whole number of weeks.
    static let cycle: Int64 = 146_097 * CivilDate.secondsPerDay
    /// 2100-01-01T00:00:00Z, the first instant of the repeated 400 years.
    static var cycleStart: Int64 { tableEnd - cycle }

    /// A stretch of time with one offset; `.min`/`.max` ends are open.
    struct Segment {
        var start: Int64
        var end: Int64
        var offset: Int32
    }

    /// The stretch of constant offset around `t`. Past the table it is the
    /// repeated stretch, cut at cycle boundaries (an artificial cut is harmless:
    /// the offset is the same on both sides).
    func segment(containing t: Int64) -> Segment {
        let (t, shift) = ZoneRules.intoTable(t)
        let index = transitionsUpTo(t)
        var start = index == 0 ? Int64.min : transitions[index - 1]
        var end = min(index == transitions.count ? Int64.max : transitions[index], ZoneRules.tableEnd)
        if shift != 0 {
            start = max(start, ZoneRules.cycleStart) + shift
            let (shifted, overflow) = end.addingReportingOverflow(shift)
            end = overflow ? .max : shifted
        }
        return Segment(start: start, end: end, offset: offsets[index])
    }

    /// `t` moved back by whole 400-year cycles into the table, and by how much.
    @inline(__always) static func intoTable(_ t: Int64) -> (t: Int64, shift: Int64) {
        guard t >= tableEnd else { return (t, 0) }
        let shift = (t - cycleStart) / cycle * cycle
        return (t - shift, shift)
    }

    /// The earliest instant whose local wall-clock time is at or after `local`
    /// (seconds since 1970-01-01T00:00 local). That is the instant of `local`
    /// itself, the earlier one when it occurs twice (clocks set back), and the
    /// first instant after the gap when it does not occur (clocks set forward).
    func firstInstant(atOrAfterLocal local: Int64) -> Int64 {
        // Before this UTC instant every local time is earlier than `local`.
        var segment = segment(containing: local - maxAbsoluteOffset - 1)
        while true {
            let candidate = max(segment.start, local - Int64(segment.offset))
            if candidate < segment.end { return candidate }
            segment = self.segment(containing: segment.end)
        }
    }

    /// How many transitions are at or before `t`: the index into `offsets`.
    @inline(__always) func transitionsUpTo(_ t: Int64) -> Int {
        var low = 0
        var high = transitions.count
        while low < high {
            let middle = (low + high) / 2
            if transitions[middle] <= t { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
