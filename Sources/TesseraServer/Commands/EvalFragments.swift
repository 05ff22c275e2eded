import TesseraCore

/// The parts of EVAL's answer lines that depend only on the catalog snapshot,
/// percent-encoded once per snapshot (at start-up and on the RELOAD queue).
///
/// An answer is mostly ids, names and labels that never change between
/// requests; encoding them per request was a third of EVAL's server time.
/// With these, an answer line is a few copies plus its live numbers
/// (remaining, max_order, price, resets).
public final class EvalFragments: Sendable {
    /// Per offer: `OFFER id=<id> name=<name> via=`.
    let offerHead: FragmentList
    /// Per offer: ` discount=<kind> value=<value>`.
    let offerTail: FragmentList
    /// Per offer: `TICKET offer=<id>`.
    let ticketPrefix: FragmentList
    /// Per offer: `SEAT offer=<id>`.
    let seatPrefix: FragmentList
    /// Per ticket type: ` id=<id> price=` (the price follows).
    let ticketID: FragmentList
    /// Per ticket type: ` base=<price>` and the line's end.
    let ticketBase: FragmentList
    /// Per seat: ` label=<label>[ category=<category>]` and the line's end.
    let seatTail: FragmentList

    public init(catalog: Catalog) {
        var head = FragmentList.Builder(), tail = FragmentList.Builder()
        var tickets = FragmentList.Builder(), seats = FragmentList.Builder()
        for offer in catalog.offers {
            var id: [UInt8] = []
            PercentCoding.encode(offer.id, into: &id)
            head.add { out in
                out.append(contentsOf: "OFFER id=".utf8)
                out.append(contentsOf: id)
                out.append(contentsOf: " name=".utf8)
                PercentCoding.encode(offer.name, into: &out)
                out.append(contentsOf: " via=".utf8)
            }
            tail.add { out in
                out.append(contentsOf: " discount=".utf8)
                out.append(contentsOf: offer.discount.kind.utf8)
                out.append(contentsOf: " value=".utf8)
                out.append(contentsOf: String(offer.discount.value).utf8)
            }
            tickets.add { out in
                out.append(contentsOf: "TICKET offer=".utf8)
                out.append(contentsOf: id)
            }
            seats.add { out in
                out.append(contentsOf: "SEAT offer=".utf8)
                out.append(contentsOf: id)
            }
        }
        var ticketID = FragmentList.Builder(), ticketBase = FragmentList.Builder()
        for ticket in catalog.ticketTypes {
            ticketID.add { out in
                out.append(contentsOf: " id=".utf8)
                PercentCoding.encode(ticket.id, into: &out)
                out.append(contentsOf: " price=".utf8)
            }
            ticketBase.add { out in
                out.append(contentsOf: " base=".utf8)
                out.append(contentsOf: String(ticket.price).utf8)
                out.append(UInt8(ascii: "\n"))
            }
        }
        var seatTail = FragmentList.Builder()
        for seat in catalog.seats {
            seatTail.add { out in
                out.append(contentsOf: " label=".utf8)
                PercentCoding.encode(seat.label, into: &out)
                if let category = seat.category {
                    out.append(contentsOf: " category=".utf8)
                    PercentCoding.encode(category, into: &out)
                }
                out.append(UInt8(ascii: "\n"))
            }
        }
        offerHead = head.list; offerTail = tail.list; ticketPrefix = tickets.list; seatPrefix = seats.list
        self.ticketID = ticketID.list; self.ticketBase = ticketBase.list; self.seatTail = seatTail.list
    }
}

/// Byte strings stored back to back in one buffer: one allocation for all of a
/// kind, and appending one is a single copy with no reference counting.
struct FragmentList: Sendable {
    private let bytes: [UInt8]
    /// Fragment `i` is `bytes[ends[i - 1] ..< ends[i]]` (from 0 for the first).
    private let ends: [Int32]

    var count: Int { ends.count }

    @inline(__always) func append(_ i: Int, to out: inout ReplyWriter) {
        let start = i == 0 ? 0 : Int(ends[i - 1])
        let end = Int(ends[i])
        bytes.withUnsafeBytes { out.append(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }

    struct Builder {
        private var bytes: [UInt8] = []
        private var ends: [Int32] = []

        /// Adds the next fragment, written by `body`.
        mutating func add(_ body: (inout [UInt8]) -> Void) {
            body(&bytes)
            ends.append(Int32(bytes.count))
        }

        var list: FragmentList { FragmentList(bytes: bytes, ends: ends) }
    }
}
