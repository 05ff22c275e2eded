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
