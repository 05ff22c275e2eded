/// Latencies in a log-linear histogram, HdrHistogram's layout without the
/// dependency: values below 2^subBits are counted exactly, and above that
/// every power of two is split into 2^(subBits-1) equal buckets, so any
/// recorded value is reported within 1/2^(subBits-1) (here < 1 %) of itself.
/// Recording is a few shifts and one increment, cheap enough for the
/// generator's hot loop; histograms of several client threads merge by adding.
struct Histogram: Sendable {
    /// 7 bits: 64 buckets per power of two, a relative error below 1/64.
    static let subBits = 7
    static let subCount = 1 << subBits
    static let halfCount = subCount / 2
    /// Enough powers of two for any UInt64 (nanoseconds: 584 years).
    static let bucketCount = subCount + (64 - subBits) * halfCount

    private(set) var counts = [UInt64](repeating: 0, count: bucketCount)
    private(set) var total: UInt64 = 0
    private(set) var maxValue: UInt64 = 0
    private(set) var minValue: UInt64 = .max
    private(set) var sum: Double = 0

    /// The bucket of `value`: exact below `subCount`, then `halfCount` buckets per
    /// power of two, indexed by the value's top `subBits` bits.
    @inline(__always) static func index(of value: UInt64) -> Int {
        if value < UInt64(subCount) { return Int(value) }
        let magnitude = 63 - value.leadingZeroBitCount  // >= subBits
        let shift = magnitude - subBits + 1
        let top = Int(value >> UInt64(shift))  // in halfCount..<subCount
        return subCount + (shift - 1) * halfCount + (top - halfCount)
    }

    /// The largest value counted in bucket `index` (reported percentiles are
    /// never below the truth).
    static func highestValue(inBucket index: Int) -> UInt64 {
        if index < subCount { return UInt64(index) }
        let shift = (index - subCount) / halfCount + 1
        let top = UInt64((index - subCount) % halfCount + halfCount)
        return ((top + 1) << UInt64(shift)) - 1
    }

    @inline(__always) mutating func record(_ value: UInt64) {
        counts[Self.index(of: value)] &+= 1
        total &+= 1
        sum += Double(value)
        if value > maxValue { maxValue = value }
        if value < minValue { minValue = value }
    }

    mutating func merge(_ other: Histogram) {
        for i in counts.indices { counts[i] &+= other.counts[i] }
        total &+= other.total
        sum += other.sum
        maxValue = max(maxValue, other.maxValue)
        minValue = min(minValue, other.minValue)
    }

    /// The value below which `percentile` % of the recorded values fall (the
    /// bucket's upper edge, capped by the true maximum); 0 when empty.
    func value(atPercentile percentile: Double) -> UInt64 {
        guard total > 0 else { return 0 }
        let rank = max(1, UInt64((percentile / 100 * Double(total)).rounded(.up)))
        var seen: UInt64 = 0
        for (index, count) in counts.enumerated() where count > 0 {
            seen += count
            if seen >= rank { return min(Self.highestValue(inBucket: index), maxValue) }
        }
        return maxValue
    }

    var mean: Double { total == 0 ? 0 : sum / Double(total) }

    /// p50, p99, p99.9 and max in microseconds: the figures the report prints.
    var summary: LatencySummary {
        LatencySummary(
            count: total,
            p50: Double(value(atPercentile: 50)) / 1000, p99: Double(value(atPercentile: 99)) / 1000,
            p999: Double(value(atPercentile: 99.9)) / 1000, max: Double(maxValue) / 1000)
    }
}

/// Latency figures in microseconds.
struct LatencySummary: Sendable {
    var count: UInt64
    var p50: Double
    var p99: Double
    var p999: Double
    var max: Double
}
