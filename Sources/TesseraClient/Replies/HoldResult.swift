import Foundation

/// HOLD's answer: one HELD line per offer, in order of first appearance, then the hold's id
/// and expiry (SPEC §4).
public struct HoldResult: ReplyDecodable, Equatable {
    public var id: String
    /// When the hold stops counting unless committed.
    public var expires: Date
    public var held: [Held]

    public struct Held: Sendable, Equatable {
        public var offer: String
        /// The units of the offer in this hold, summed over its items.
        public var quantity: Int
        /// What is left of the offer for this customer after this hold.
        public var remaining: Limit
        /// What is left of the offer's budget after this hold (§7), when it has one.
        public var budgetLeft: Int?
    }

}

extension HoldResult {
    public init(reply: Reply) throws(ClientError) {
        let (data, status) = try reply.parsed()
        held = []
        for line in data {
            try line.expect("HELD")
            held.append(try Held(line))
        }
        id = try status.string("id")
        expires = try status.date("expires")
    }
}

extension HoldResult.Held {
    /// A HELD line, or a RELEASED line (§7), which has the same fields.
    init(_ line: ReplyLine) throws(ClientError) {
        offer = try line.string("offer")
        quantity = try line.int("qty")
        remaining = try line.limit("remaining")
        budgetLeft = try line.optionalInt("budget_left")
    }
}
