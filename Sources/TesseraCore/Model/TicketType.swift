/// A ticket type of one event; `exclusive` ones are only sold through an offer.
public struct TicketType: Sendable {
    public let id: String
    public let event: Event.Index
    public let name: String
    /// Minor units (cents).
    public let price: Int
    public let exclusive: Bool
}
