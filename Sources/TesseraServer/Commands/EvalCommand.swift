import TesseraCore

extension TesseraService {
    /// EVAL (SPEC §4): what may this customer or code unlock at this event?
    func eval(_ request: Request, out: inout ReplyWriter) throws(ErrorReply) {
        let eventID = request.required("event")
        guard let event = catalog.eventByID[eventID] else {
            throw ErrorReply(.unknownEvent, [.init("event", eventID)])
        }
        let codes = request.values("code")
        let shopper = Shopper(customer: request.value("customer"), email: request.value("email"), codes: codes)
        let evaluation = catalog.evaluate(event: event, shopper: shopper, at: advanceClock(), usage: book)
        EvalReply.write(evaluation, codes: codes, catalog: catalog, to: &out)
    }
}

/// Encodes an `Evaluation` as SPEC §4's OFFER / TICKET / SEAT / CODE lines.
public enum EvalReply {
    public static func write(_ evaluation: Evaluation, codes: [String], catalog: Catalog, to out: inout ReplyWriter) {
        // ` offer=<id>` encoded once per offer, then copied into each of its TICKET and SEAT lines.
        var offerField: [UInt8] = []
        for answer in evaluation.offers {
            let offer = catalog.offers[answer.grant.offer]
            offerField.removeAll(keepingCapacity: true)
            StaticString(" offer=").withUTF8Buffer { offerField.append(contentsOf: $0) }
            PercentCoding.encode(offer.id, into: &offerField)
            out.word("OFFER")
            out.field("id", offer.id)
            out.field("name", offer.name)
            out.field("via", answer.grant.via.rawValue)
            out.field("remaining", limit: answer.allowance.remaining)
            out.field("max_order", limit: answer.allowance.maxOrder)
            out.field("discount", offer.discount.kind)
            out.field("value", offer.discount.value)
            if let resets = answer.allowance.resets { out.field("resets", resets.iso8601) }
            out.endLine()
            // Fields read in place: copying a whole TicketType or Seat retains each of its strings.
            for t in answer.tickets {
                let price = catalog.ticketTypes[t].price
                out.word("TICKET")
                out.bytes.append(contentsOf: offerField)
                out.field("id", catalog.ticketTypes[t].id)
                out.field("price", offer.discount.apply(to: price))
                out.field("base", price)
                out.endLine()
            }
            for s in answer.seats {
                out.word("SEAT")
                out.bytes.append(contentsOf: offerField)
                out.field("label", catalog.seats[s].label)
                if let category = catalog.seats[s].category { out.field("category", category) }
                out.endLine()
            }
        }
        for (code, status) in zip(codes, evaluation.codes) {
            out.word("CODE")
            out.field("value", code)
            out.field("status", status.rawValue)
            out.endLine()
        }
        out.word("OK")
        out.field("offers", evaluation.offers.count)
        out.endLine()
    }
}
