import TesseraProtocol
import TesseraCore

/// The parts of EVAL's answer lines that depend only on the catalog snapshot,
/// percent-encoded once per snapshot (at start-up and on the RELOAD queue).
///
/// An answer is mostly ids, names and labels that never change between
/// requests; encoding them per request was a third of EVAL's server time.
/// With these, an answer line is a few copies plus its live numbers
/// (remaining, max_order, budget_left, price, max, resets).
public final class EvalFragments: Sendable {
    /// Per offer: `OFFER id=<id> name=<name> via=`.
    let offerHead: FragmentList<Offer>
    /// Per offer: ` discount=<kind> value=<value>`.
    let offerTail: FragmentList<Offer>
    /// Per offer: `TICKET offer=<id>`.
    let ticketPrefix: FragmentList<Offer>
    /// Per offer: `SEAT offer=<id>`.
    let seatPrefix: FragmentList<Offer>
    /// Per ticket type: ` id=<id> price=` (the price follows).
    let ticketID: FragmentList<TicketType>
    /// Per ticket type: ` base=<price>` and the line's end.
    let ticketBase: FragmentList<TicketType>
    /// Per ticket type: ` base=<price> best=1` and the line's end (SPEC §7 Best price).
    let ticketBaseBest: FragmentList<TicketType>
    /// Per ticket type: ` base=<price>`, the line left open for the fields of an offer with
    /// a money budget (SPEC §7: `max`, then `best`).
    let ticketBaseOpen: FragmentList<TicketType>
    /// Per seat: ` label=<label>[ category=<category>]` and the line's end.
    let seatTail: FragmentList<Seat>

    /// Written with `ReplyWriter`'s own field encoding, so each fragment is
    /// byte for byte what writing the field per request gave.
    public init(catalog: Catalog) {
        var head = FragmentList<Offer>.Builder(), tail = FragmentList<Offer>.Builder()
        var tickets = FragmentList<Offer>.Builder(), seats = FragmentList<Offer>.Builder()
        for offer in catalog.offers {
            head.add { out in
                out.word("OFFER")
                out.field("id", offer.id)
                out.field("name", offer.name)
                out.word(" via=")
            }
            tail.add { out in
                out.field("discount", offer.discount.kind)
                out.field("value", offer.discount.value)
            }
            tickets.add { out in
                out.word("TICKET")
                out.field("offer", offer.id)
            }
            seats.add { out in
                out.word("SEAT")
                out.field("offer", offer.id)
            }
        }
        var ticketID = FragmentList<TicketType>.Builder(), ticketBase = FragmentList<TicketType>.Builder()
        var ticketBaseBest = FragmentList<TicketType>.Builder(), ticketBaseOpen = FragmentList<TicketType>.Builder()
        for ticket in catalog.ticketTypes {
            ticketID.add { out in
                out.field("id", ticket.id)
                out.word(" price=")
            }
            ticketBase.add { out in
                out.field("base", ticket.price)
                out.endLine()
            }
            ticketBaseBest.add { out in
                out.field("base", ticket.price)
                out.field("best", 1)
                out.endLine()
            }
            ticketBaseOpen.add { out in out.field("base", ticket.price) }
        }
        var seatTail = FragmentList<Seat>.Builder()
        for seat in catalog.seats {
            seatTail.add { out in
                out.field("label", seat.label)
                if let category = seat.category { out.field("category", category) }
                out.endLine()
            }
        }
        offerHead = head.list; offerTail = tail.list; ticketPrefix = tickets.list; seatPrefix = seats.list
        self.ticketID = ticketID.list; self.ticketBase = ticketBase.list
        self.ticketBaseBest = ticketBaseBest.list; self.ticketBaseOpen = ticketBaseOpen.list
        self.seatTail = seatTail.list
    }
}

/// Byte strings stored back to back in one buffer: one allocation for all of a
/// kind, and appending one is a single copy with no reference counting.
/// One fragment per row of a catalog array of `Row`s, read by that array's index
/// only (a ticket's fragment cannot be asked for with a seat's index).
struct FragmentList<Row>: Sendable {
    typealias Index = CatalogIndex<Row>
    private let bytes: [UInt8]
    /// Fragment `i` is `bytes[ends[i - 1] ..< ends[i]]` (from 0 for the first).
    private let ends: [Int32]

    @inline(__always) func append(_ index: Index, to out: inout ReplyWriter) {
        let i = index.position
        let start = i == 0 ? 0 : Int(ends[i - 1])
        let end = Int(ends[i])
        bytes.withUnsafeBytes { out.append(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }

    struct Builder {
        private var writer = ReplyWriter(capacity: 4096)
        private var ends: [Int32] = []

        /// Adds the next fragment, written by `body`.
        mutating func add(_ body: (inout ReplyWriter) -> Void) {
            body(&writer)
            ends.append(Int32(writer.count))
        }

        var list: FragmentList { FragmentList(bytes: writer.bytes, ends: ends) }
    }
}
