/// Units per member slot, packed for millions of slots: the ledger's sums of commits as a
/// start reads them (issue 17), held apart from the counts that change while the server runs.
///
/// A `[UsageSlot: Int]` costs 80 bytes a bucket (the key's strings, optionals and enum
/// padded to 72): a million slots, two million buckets at Swift's load factor, 160 MiB.
/// Here the offer, event and attendee strings are interned once each, and a slot is 24
/// bytes of integers with a 4-byte count: 28 bytes a bucket, 56 MiB for a million slots.
/// Read-only once built: what changes later is counted beside it (`UsageBook`).
public struct SlotCounts: Sendable {
    private var offers: [String: UInt32] = [:]
    private var events: [String: UInt32] = [:]
    private var attendees: [String: Int64] = [:]
    private var counts: [PackedSlot: Int32] = [:]

    public init() {}

    /// Slots with a count.
    public var count: Int { counts.count }
    public var isEmpty: Bool { counts.isEmpty }

    public mutating func reserveCapacity(_ slots: Int) { counts.reserveCapacity(slots) }

    /// Adds `quantity` to `slot`'s count.
    public mutating func add(_ slot: UsageSlot, _ quantity: Int) {
        let offer = Self.intern(slot.offer, in: &offers)
        let event = slot.event.map { Self.intern($0, in: &events) + 1 } ?? 0
        let key: PackedSlot
        switch slot.member {
        case .row(let id):
            key = PackedSlot(offer: offer, event: event, member: id, period: slot.periodStart?.seconds ?? .min)
        case .attendee(let content):
            let index = attendees[content] ?? {
                let next = Int64(attendees.count)
                attendees[content] = next
                return next
            }()
            key = PackedSlot(offer: offer, event: event | PackedSlot.attendee, member: index, period: slot.periodStart?.seconds ?? .min)
        }
        let total = Int(counts[key] ?? 0) + quantity
        counts[key] = total == 0 ? nil : Int32(clamping: total)
    }

    /// `slot`'s count, 0 when it has none. Looks up the interned strings; never adds them.
    @inline(__always)
    public func count(of slot: UsageSlot) -> Int {
        guard !counts.isEmpty, let key = key(of: slot) else { return 0 }
        return Int(counts[key] ?? 0)
    }

    /// Every slot with its count, unpacked (for tests and reports, not for requests).
    public var slots: [UsageSlot: Int] {
        let offerNames = Dictionary(uniqueKeysWithValues: offers.map { ($0.value, $0.key) })
        let eventNames = Dictionary(uniqueKeysWithValues: events.map { ($0.value + 1, $0.key) })
        let attendeeNames = Dictionary(uniqueKeysWithValues: attendees.map { ($0.value, $0.key) })
        var slots: [UsageSlot: Int] = [:]
        for (key, count) in counts {
            let attendee = key.event & PackedSlot.attendee != 0
            let event = key.event & ~PackedSlot.attendee
            let slot = UsageSlot(
                offer: offerNames[key.offer]!, member: attendee ? .attendee(attendeeNames[key.member]!) : .row(key.member),
                event: event == 0 ? nil : eventNames[event]!, periodStart: key.period == .min ? nil : Instant(seconds: key.period))
            slots[slot] = Int(count)
        }
        return slots
    }

    private func key(of slot: UsageSlot) -> PackedSlot? {
        guard let offer = offers[slot.offer] else { return nil }
        var event: UInt32 = 0
        if let id = slot.event {
            guard let index = events[id] else { return nil }
            event = index + 1
        }
        let period = slot.periodStart?.seconds ?? .min
        switch slot.member {
        case .row(let id):
            return PackedSlot(offer: offer, event: event, member: id, period: period)
        case .attendee(let content):
            guard let index = attendees[content] else { return nil }
            return PackedSlot(offer: offer, event: event | PackedSlot.attendee, member: index, period: period)
        }
    }

    private static func intern(_ text: String, in table: inout [String: UInt32]) -> UInt32 {
        if let index = table[text] { return index }
        let index = UInt32(table.count)
        table[text] = index
        return index
    }
}

/// A slot as integers: the offer's and event's interned indexes (event 0: scope 'all'; its
/// top bit set: `member` is an interned attendee, not a member id), and the period's start
/// in seconds (`Int64.min`: no period).
struct PackedSlot: Hashable, Sendable {
    static let attendee: UInt32 = 1 << 31
    var offer: UInt32
    var event: UInt32
    var member: Int64
    var period: Int64
}
