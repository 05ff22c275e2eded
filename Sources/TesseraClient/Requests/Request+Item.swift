import TesseraProtocol

extension Request {
    /// One `item=` of a HOLD (or of a partial RELEASE, SPEC §7): an offer, one of its ticket
    /// types, a quantity.
    public struct Item: Sendable, Hashable {
        public var offer: String
        public var ticket: String
        public var quantity: Int

        public init(offer: String, ticket: String, quantity: Int) {
            self.offer = offer
            self.ticket = ticket
            self.quantity = quantity
        }

        /// `*` as the offer: the server picks the cheapest granted offers that sell the
        /// ticket (SPEC §7 Best price).
        public static func anyOffer(ticket: String, quantity: Int) -> Item {
            Item(offer: "*", ticket: ticket, quantity: quantity)
        }

        /// `<offer>:<ticket>:<qty>` with the ids percent-encoded, `:` included, so a `:` in
        /// an id cannot be read as a separator (SPEC §6 Items).
        public var wireValue: String {
            PercentCoding.encodedItem(offer: offer, ticket: ticket, quantity: quantity)
        }
    }
}
