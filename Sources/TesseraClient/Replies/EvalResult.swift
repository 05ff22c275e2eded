import Foundation

/// EVAL's answer (SPEC §4, with the §7 fields): the offers granted, each with its ticket
/// types and seats, then one status per code presented, in request order.
public struct EvalResult: ReplyDecodable, Equatable {
    public var offers: [Offer]
    public var codes: [Code]

    public struct Offer: Sendable, Equatable {
        public var id: String
        /// The public title.
        public var name: String
        public var via: Via
        /// What is left for this customer now, with every limit applied.
        public var remaining: Limit
        /// The most units one hold may take now: min(per_order, remaining), or 0 when that is
        /// below the offer's `minOrder` (it cannot sell a group now).
        public var maxOrder: Limit
        /// The fewest units one hold may take (§7), when the offer has a minimum.
        public var minOrder: Int?
        /// What is left of the offer's money budget (§7), when it has one.
        public var budgetLeft: Int?
        public var discount: Discount
        /// The discount's value: percent, or minor units.
        public var value: Int
        /// The start of the next period, when the offer's limits reset by period.
        public var resets: Date?
        /// The ticket types it sells at the event, in ticket id order.
        public var tickets: [Ticket]
        /// The seats its matched members unlock, in label order.
        public var seats: [Seat]
    }

    public struct Ticket: Sendable, Equatable {
        public var offer: String
        public var id: String
        /// The final price, in minor units.
        public var price: Int
        /// The ticket type's own price.
        public var base: Int
        /// The units of this ticket the offer can sell now (§7), when the offer has a budget.
        public var max: Limit?
        /// The lowest final price among the offers that sell this ticket (§7).
        public var best: Bool
    }

    public struct Seat: Sendable, Equatable {
        public var offer: String
        public var label: String
        public var category: String?
    }

    public struct Code: Sendable, Equatable {
        /// The code as sent, decoded, not normalised.
        public var value: String
        public var status: Status
    }

    /// Whether an identity match took part in granting the offer, or only codes.
    public enum Via: Hashable, Sendable {
        case login, code
        case other(String)

        init(wire: String) {
            switch wire {
            case "login": self = .login
            case "code": self = .code
            default: self = .other(wire)
            }
        }
    }

    public enum Discount: Hashable, Sendable {
        case none, percent, amount, price
        case other(String)

        init(wire: String) {
            switch wire {
            case "none": self = .none
            case "percent": self = .percent
            case "amount": self = .amount
            case "price": self = .price
            default: self = .other(wire)
            }
        }
    }

    /// A code's status, the first that fits in this order (SPEC §4).
    public enum Status: Hashable, Sendable {
        case ok, usedUp, wrongEvent, notYetValid, expired, unknown
        case other(String)

        init(wire: String) {
            switch wire {
            case "ok": self = .ok
            case "used_up": self = .usedUp
            case "wrong_event": self = .wrongEvent
            case "not_yet_valid": self = .notYetValid
            case "expired": self = .expired
            case "unknown": self = .unknown
            default: self = .other(wire)
            }
        }
    }

    /// The offer with this id, if granted.
    public func offer(_ id: String) -> Offer? { offers.first { $0.id == id } }

}

extension EvalResult {
    public init(reply: Reply) throws(ClientError) {
        let (data, status) = try reply.parsed()
        offers = []
        codes = []
        for line in data {
            switch line.head {
            case "OFFER":
                guard codes.isEmpty else { throw .malformedReply("an OFFER line after a CODE line") }
                offers.append(try Self.offer(line))
            case "TICKET":
                let ticket = Ticket(
                    offer: try line.string("offer"), id: try line.string("id"), price: try line.int("price"),
                    base: try line.int("base"), max: try line.optionalLimit("max"), best: line["best"] == "1")
                try attach(line) { $0.tickets.append(ticket) }
            case "SEAT":
                let seat = Seat(offer: try line.string("offer"), label: try line.string("label"), category: line["category"])
                try attach(line) { $0.seats.append(seat) }
            case "CODE":
                codes.append(Code(value: try line.string("value"), status: Status(wire: try line.string("status"))))
            default:
                throw .malformedReply("unexpected \(line.head) line in an EVAL reply")
            }
        }
        guard try status.int("offers") == offers.count else {
            throw .malformedReply("OK offers=\(status["offers"] ?? "") but \(offers.count) OFFER lines")
        }
    }

    /// Adds a TICKET or SEAT line to the OFFER it follows, which it must name.
    private mutating func attach(_ line: ReplyLine, _ add: (inout Offer) -> Void) throws(ClientError) {
        guard !offers.isEmpty, codes.isEmpty, offers[offers.count - 1].id == line["offer"] else {
            throw .malformedReply("a \(line.head) line that does not follow its OFFER")
        }
        add(&offers[offers.count - 1])
    }

    private static func offer(_ line: ReplyLine) throws(ClientError) -> Offer {
        Offer(
            id: try line.string("id"), name: try line.string("name"), via: Via(wire: try line.string("via")),
            remaining: try line.limit("remaining"), maxOrder: try line.limit("max_order"),
            minOrder: try line.optionalInt("min_order"), budgetLeft: try line.optionalInt("budget_left"),
            discount: Discount(wire: try line.string("discount")), value: try line.int("value"),
            resets: try line.optionalDate("resets"), tickets: [], seats: [])
    }
}
