/// A seat of one event. Locked seats are only sold when a code unlocks them.
public struct Seat: Sendable {
    public let event: Event.Index
    public let label: String
    public let category: String?
    public let locked: Bool
}
