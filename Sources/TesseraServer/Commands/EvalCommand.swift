import TesseraCore
import TesseraProtocol

extension TesseraService {
    /// EVAL (SPEC §4): what may this customer or code unlock at this event?
    func eval(_ request: Request, time: inout RequestTime, out: inout ReplyWriter) throws(ErrorReply) -> CommandOutcome {
        let snapshot = snapshot  // once: the whole answer comes from one load
        let eventID = request.required("event")
        guard let event = snapshot.catalog.eventByID[eventID] else {
            throw ErrorReply(.unknownEvent, [.init("event", eventID)])
        }
        var codes = SmallList<String>()
        for argument in request.arguments where argument.key == "code" { codes.append(argument.value) }
        let shopper = Shopper(customer: request.value("customer"), email: request.value("email"), codeList: codes)
        snapshot.catalog.evaluate(event: event, shopper: shopper, at: advanceClock(&time), usage: book, into: &evaluation)
        EvalReply.write(evaluation, codes: codes, snapshot: snapshot, to: &out)
        return .replied
    }
}

/// Encodes an `Evaluation` as SPEC §4's OFFER / TICKET / SEAT / CODE lines, with §7's fields.
public enum EvalReply {
    /// Ids, names and labels come ready-encoded from the fragments of
    /// `snapshot`, the one `evaluation` was made from; only the live numbers
    /// and the presented codes are written here.
    public static func write(_ evaluation: Evaluation, codes: SmallList<String>, snapshot: Snapshot, to out: inout ReplyWriter) {
        let catalog = snapshot.catalog, fragments = snapshot.fragments
        var index = 0  // of `answer`, for `best`
        // SPEC §7 Best price: `best` is in answer and ticket order, so one cursor walks it.
        let best = evaluation.best
        var nextBest = 0
        for answer in evaluation.offers {
            defer { index += 1 }
            let o = answer.grant.offer
            let discount = catalog.offers[o].discount
            fragments.offerHead.append(o, to: &out)
            switch answer.grant.via {
            case .login: out.word("login")
            case .code: out.word("code")
            }
            out.field("remaining", limit: answer.allowance.remaining)
            out.field("max_order", limit: answer.allowance.maxOrder)
            if let minOrder = catalog.offers[o].minOrder { out.field("min_order", minOrder) }
            if let budgetLeft = answer.allowance.budgetLeft { out.field("budget_left", budgetLeft) }
            fragments.offerTail.append(o, to: &out)
            if let resets = answer.allowance.resets { out.field("resets", resets) }
            out.endLine()
            // Once per answer: nil, and so nothing to retain, for an offer without a budget.
            let ticketMax = answer.ticketMax
            for (k, t) in answer.tickets.enumerated() {
                fragments.ticketPrefix.append(o, to: &out)
                fragments.ticketID.append(t, to: &out)
                out.appendInt(discount.apply(to: catalog.ticketTypes[t].price))
                let isBest = nextBest < best.count && best[nextBest].answer == index && best[nextBest].position == k
                if isBest { nextBest += 1 }
                if let ticketMax {
                    // SPEC §7 Money budget: `max` after `base`, `best` last.
                    fragments.ticketBaseOpen.append(t, to: &out)
                    out.field("max", limit: ticketMax[k])
                    if isBest { out.field("best", 1) }
                    out.endLine()
                } else if !isBest {
                    fragments.ticketBase.append(t, to: &out)
                } else {
                    fragments.ticketBaseBest.append(t, to: &out)
                }
            }
            for s in answer.seats {
                fragments.seatPrefix.append(o, to: &out)
                fragments.seatTail.append(s, to: &out)
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
