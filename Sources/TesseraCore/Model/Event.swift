/// An event tickets are sold for, with its ticket types and seats pre-sorted the
/// way answers list them, so EVAL never sorts.
public struct Event: Sendable {
    public let id: String
    public let name: String
    public let startsAt: Instant?
    /// Its ticket types, in ticket id order.
    public internal(set) var ticketTypes: [TicketType.Index] = []
    /// Its seats, in label order.
    public internal(set) var seats: [Seat.Index] = []
    /// Seat by label.
    public internal(set) var seatByLabel: [String: Seat.Index] = [:]
    /// Locked seats by category, each list in label order.
    public internal(set) var lockedSeatsByCategory: [String: [Seat.Index]] = [:]

    init(id: String, name: String, startsAt: Instant?) {
        self.id = id; self.name = name; self.startsAt = startsAt
    }
}
