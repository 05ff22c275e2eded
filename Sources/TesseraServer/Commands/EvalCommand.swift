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
        let codes = request.arguments.lazy.filter { $0.key == "code" }.map(\.value)
        let shopper = Shopper(customer: request.value("customer"), email: request.value("email"), codeValues: codes)
        let now = advanceClock(&time)
        // The service's reused answer, as one inout access: passing the stored property to
        // `write` by itself would copy it (the callee could change the object meanwhile).
        func answer(_ evaluation: inout Evaluation) {
            snapshot.catalog.evaluate(event: event, shopper: shopper, at: now, usage: book, into: &evaluation)
            EvalReply.write(evaluation, codes: codes, snapshot: snapshot, to: &out)
        }
        answer(&evaluation)
        return .replied
    }
}

/// Encodes an `Evaluation` as SPEC §4's OFFER / TICKET / SEAT / CODE lines, with §7's fields.
public enum EvalReply {
    /// Ids, names and labels come ready-encoded from the fragments of
    /// `snapshot`, the one `evaluation` was made from; only the live numbers
    /// and the presented codes are written here.
    /// Answers and best prices are read by index, in place: iterating copies each element.
    public static func write(
        _ evaluation: Evaluation, codes: some Sequence<String>, snapshot: Snapshot, to out: inout ReplyWriter
    ) {
        let catalog = snapshot.catalog, fragments = snapshot.fragments
        // SPEC §7 Best price: `best` is in answer and ticket order, so one cursor walks it.
        var nextBest = 0
        let bestCount = evaluation.best.count
        evaluation.offers.withUnsafeBufferPointer { answers in
            for index in answers.indices {
                let o = answers[index].grant.offer
                let discount = catalog.offers[o].discount
                fragments.offerHead.append(o, to: &out)
                switch answers[index].grant.via {
                case .login: out.word("login")
                case .code: out.word("code")
                }
                out.field("remaining", limit: answers[index].allowance.remaining)
                out.field("max_order", limit: answers[index].allowance.maxOrder)
                if let minOrder = catalog.offers[o].minOrder { out.field("min_order", minOrder) }
                if let budgetLeft = answers[index].allowance.budgetLeft { out.field("budget_left", budgetLeft) }
                fragments.offerTail.append(o, to: &out)
                if let resets = answers[index].allowance.resets { out.field("resets", resets) }
                out.endLine()
                // Once per answer: nil, and so nothing to retain, for an offer without a budget.
                let ticketMax = answers[index].ticketMax
                for (k, t) in answers[index].tickets.enumerated() {
                    fragments.ticketPrefix.append(o, to: &out)
                    fragments.ticketID.append(t, to: &out)
                    out.appendInt(discount.apply(to: catalog.ticketTypes[t].price))
                    let isBest = nextBest < bestCount && evaluation.best[nextBest].answer == index
                        && evaluation.best[nextBest].position == k
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
                for s in answers[index].seats {
                    fragments.seatPrefix.append(o, to: &out)
                    fragments.seatTail.append(s, to: &out)
                }
            }
        }
        var k = 0
        for code in codes {
            out.word("CODE")
            out.field("value", code)
            out.field("status", evaluation.codes[k].rawValue)
            out.endLine()
            k += 1
        }
        out.word("OK")
        out.field("offers", evaluation.offers.count)
        out.endLine()
    }
}
