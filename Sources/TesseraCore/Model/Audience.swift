/// A customer group. Its members are a contiguous run of `Catalog.members`:
/// its own rows by ascending id, then one member per attendee row of
/// `sourceEvent`, which is the order a hold takes allowance in (SPEC §3).
public struct Audience: Sendable {
    public let id: String
    public let name: String
    public let description: String?
    public let active: Bool
    public let sourceEvent: Event.Index?
    /// Range of member indexes in `Catalog.members`.
    public internal(set) var members: Range<Member.Index> = Member.Index(0)..<Member.Index(0)
    /// Indexes of the offers of this audience, in offer id order.
    public internal(set) var offers: [Offer.Index] = []
    /// The enabled ones among them with no `offer_events` rows (they apply at
    /// every event); those that list events are in `Catalog.offersByAudienceEvent`.
    public internal(set) var offersAtAnyEvent: [Offer.Index] = []
}
