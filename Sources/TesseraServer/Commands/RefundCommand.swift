import TesseraCore
import TesseraProtocol

extension TesseraService {
    /// RELEASE with items (SPEC §7 Partial refunds): gives back some units of a held or
    /// committed hold, idempotent by `refund`, durable before OK. Checks in §7's order:
    /// bad_request, unknown_hold, a known refund, expired, released, not_in_hold,
    /// below_minimum.
    func refund(_ request: Request, id: String, time: inout RequestTime) throws(ErrorReply) -> CommandOutcome {
        guard let refundID = request.value("refund"), !refundID.isEmpty else {
            throw .badRequest("a RELEASE with item= needs refund=, which names this partial release")
        }
        let items = try Self.items(request.values("item"))
        let now = advanceClock(&time)
        guard let found = try findHold(id) else { throw ErrorReply(.unknownHold, [.init("id", id)]) }
        var record = found.record
        if let earlier = record.refund(named: refundID) {
            guard earlier.items == items else {
                throw ErrorReply(
                    .conflict, [.init("id", id), .init("refund", refundID)], msg: "this refund gave back other items")
            }
            return durableReply(.barrier, reply: earlier.reply)
        }
        if found.isExpired(in: book) { throw ErrorReply(.expired, [.init("id", id)]) }
        if record.state == .released { throw ErrorReply(.released, [.init("id", id)]) }

        let catalog = snapshot.catalog
        let returned: [RefundedOffer]
        do throws(RefundRefusal) {
            returned = try record.checkRefund(items) { catalog.offerByID[$0].flatMap { catalog.offers[$0].minOrder } }
        } catch {
            switch error {
            case .notInHold(let offer, let ticket, let held):
                throw ErrorReply(.notInHold, [.init("offer", offer), .init("ticket", ticket), .init("held", String(held))])
            case .belowMinimum(let offer, let min):
                throw ErrorReply(.belowMinimum, [.init("offer", offer), .init("min", String(min))])
            }
        }

        // Give the units back first, so `remaining` on the RELEASED lines counts them; the
        // answer is kept with the refund once written.
        record.apply(RefundRecord(id: refundID, items: items, reply: [], at: now))
        found.bringBack(into: book)
        book.update(record)
        let content = HoldContent(text: record.content)
        var out = ReplyWriter(capacity: 128)
        for offer in returned {
            out.word("RELEASED")
            out.field("offer", offer.offerID)
            out.field("qty", offer.quantity)
            let remaining = content.map {
                catalog.remaining(ofOffer: offer.offerID, event: $0.event, shopper: $0.shopper, at: now, usage: book)
            } ?? 0
            out.field("remaining", limit: remaining)
            if let left = catalog.budgetLeft(offerID: offer.offerID, usage: book) { out.field("budget_left", left) }
            out.endLine()
        }
        out.word("OK")
        out.field("id", id)
        out.field("state", record.state.rawValue)
        out.endLine()
        record.refunds[record.refunds.count - 1].reply = out.bytes
        book.update(record)
        return durableReply(.refund(id: id, record.refunds[record.refunds.count - 1]), reply: out.bytes)
    }
}
