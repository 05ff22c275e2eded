/// One audience as the administration commands show it: its row, how many members
/// it has, and which offers use it (what `delete` must not break).
public struct AudienceSummary: Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String?
    public var active: Bool
    /// Set: every attendee of this event is a member too (SPEC §3).
    public var sourceEventID: String?
    /// Rows of `members` in this audience.
    public var memberCount: Int
    /// Of those, the ones with a code.
    public var codeCount: Int
    /// Attendee rows of the source event (members too, without a row in `members`).
    public var attendeeCount: Int
    /// Offers whose `audience_id` is this audience, in id order.
    public var offers: [OfferUse]

    /// An offer that grants this audience something.
    public struct OfferUse: Sendable, Equatable {
        public var id: String
        public var name: String
        public var enabled: Bool
    }
}

/// What `deleteAudience` removed.
public struct AudienceDeletion: Sendable, Equatable {
    public var audienceID: String
    public var members: Int
    /// Offers removed with it (only with `force`), with their event and ticket rows.
    public var offers: [String]
}
