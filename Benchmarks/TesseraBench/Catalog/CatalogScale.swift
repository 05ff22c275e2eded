/// How big a synthetic catalog is. `large` is the catalog issue 5 names:
/// 100 events, 2,000 ticket types, 1,000 audiences, 1,000,000 members, 5,000
/// offers; `small` is the smoke run's, built in well under a second.
struct CatalogScale: Sendable, Equatable, CustomStringConvertible {
    var name: String
    var events: Int
    var ticketTypesPerEvent: Int
    var seatsPerEvent: Int
    var audiences: Int
    var offersPerAudience: Int
    /// Rows of `members` (attendee members of source audiences come on top).
    var members: Int
    /// Customers in many audiences; half of them are in exactly `maxAudiencesPerCustomer`.
    var multiCustomers: Int
    var maxAudiencesPerCustomer: Int
    /// Audiences whose members also include an event's attendees, and attendees per such event.
    var sourceAudiences: Int
    var attendeesPerSourceEvent: Int
    /// Members of audience 0, whose first offer has no limits: the HOLD+COMMIT workload's.
    var holdCustomers: Int
    var seed: UInt64 = 0x7E55_E7A5

    static let large = CatalogScale(
        name: "large", events: 100, ticketTypesPerEvent: 20, seatsPerEvent: 200, audiences: 1_000, offersPerAudience: 5,
        members: 1_000_000, multiCustomers: 10_000, maxAudiencesPerCustomer: 20, sourceAudiences: 10,
        attendeesPerSourceEvent: 2_000, holdCustomers: 20_000)

    static let small = CatalogScale(
        name: "small", events: 5, ticketTypesPerEvent: 10, seatsPerEvent: 20, audiences: 40, offersPerAudience: 5,
        members: 4_000, multiCustomers: 100, maxAudiencesPerCustomer: 20, sourceAudiences: 2,
        attendeesPerSourceEvent: 50, holdCustomers: 200)

    /// The large catalog's shape with `members` member rows (issue 17's cost growth and
    /// memory figures: `large-10k`, `large-200k`). Whatever counts members scales with them
    /// (customers in many audiences, checkout customers, attendees); events, ticket types,
    /// audiences and offers stay those of `large`.
    static func large(members: Int) -> CatalogScale {
        guard members != large.members else { return .large }
        func scaled(_ n: Int) -> Int { max(1, Int((Double(n) * Double(members) / Double(large.members)).rounded())) }
        var scale = large
        scale.name = "large-" + shortCount(members)
        scale.members = members
        scale.multiCustomers = scaled(large.multiCustomers)
        scale.holdCustomers = scaled(large.holdCustomers)
        scale.attendeesPerSourceEvent = scaled(large.attendeesPerSourceEvent)
        return scale
    }

    /// `large`, `small`, or `large-<n>` with n a member count such as `10k`, `200k`, `1m`
    /// (or `200000`); nil for any other name.
    static func named(_ name: String) -> CatalogScale? {
        switch name {
        case "large": return .large
        case "small": return .small
        default:
            guard name.hasPrefix("large-"), let members = count(String(name.dropFirst(6))), members > 0 else { return nil }
            return .large(members: members)
        }
    }

    /// "10k" → 10,000, "1m" → 1,000,000, "250000" → 250,000.
    static func count(_ text: String) -> Int? {
        let lower = text.lowercased()
        if lower.hasSuffix("k") { return Int(lower.dropLast()).map { $0 * 1_000 } }
        if lower.hasSuffix("m") { return Int(lower.dropLast()).map { $0 * 1_000_000 } }
        return Int(lower)
    }

    /// 10,000 → "10k", 1,000,000 → "1m", 12,345 → "12345".
    static func shortCount(_ n: Int) -> String {
        if n % 1_000_000 == 0 { return "\(n / 1_000_000)m" }
        if n % 1_000 == 0 { return "\(n / 1_000)k" }
        return String(n)
    }

    var ticketTypes: Int { events * ticketTypesPerEvent }
    var offers: Int { audiences * offersPerAudience }

    /// Names the cached file, so a changed scale or generator never reuses a stale catalog.
    var fileStem: String {
        "tessera-bench-\(name)-v\(CatalogGenerator.version)-\(events)e-\(audiences)a-\(members)m-\(offers)o"
    }

    var description: String {
        "\(events) events, \(ticketTypes) ticket types, \(audiences) audiences, \(members) members "
            + "(+\(sourceAudiences * attendeesPerSourceEvent) attendees), \(offers) offers"
    }
}

/// SplitMix64: a tiny, fast, seedable generator, so the same scale always
/// builds the same catalog (and the same requests) on every machine.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in 0..<n.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    /// True with probability `percent` %.
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}
