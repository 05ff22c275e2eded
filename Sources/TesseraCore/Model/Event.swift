/// An event tickets are sold for, with its ticket types and seats pre-sorted the
/// way answers list them, so EVAL never sorts.
public struct Event: Sendable {
    public let id: String
    public let name: String
    public let startsAt: Instant?
    /// Indexes into `Catalog.ticketTypes`, in ticket id order.
    public internal(set) var ticketTypes: [Int] = []
    /// Indexes into `Catalog.seats`, in label order.
    public internal(set) var seats: [Int] = []
    /// Seat index by label.
    public internal(set) var seatByLabel: [String: Int] = [:]
    /// Locked seats by category, each list in label order.
    public internal(set) var lockedSeatsByCategory: [String: [Int]] = [:]

    init(id: String, name: String, startsAt: Instant?) {
        self.id = id; self.name = name; self.startsAt = startsAt
    }
}
