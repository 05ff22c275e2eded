import Testing
import enum TesseraProtocol.ErrorCode

@testable import TesseraClient

/// `ERR <code> [key=value…] [msg=<text>]` read into a typed error: the code, the fields,
/// the message decoded.
@Suite struct ReplyErrorTests {
    @Test func codeFieldsAndMessage() {
        let error = ReplyError(line: "ERR per_order_exceeded offer=vip%20seats max=2 msg=at%20most%202%20per%20order%3A%20sorry")
        #expect(error.code == .perOrderExceeded)
        #expect(error.fields == [.init(key: "offer", value: "vip seats"), .init(key: "max", value: "2")])
        #expect(error["offer"] == "vip seats" && error["msg"] == nil)
        #expect(error.message == "at most 2 per order: sorry")
        #expect(error.description == "per_order_exceeded offer=vip seats max=2: at most 2 per order: sorry")
    }

    @Test func everyCodeOfTheSpecReadsAsItsCase() {
        let spelled = [
            "bad_request", "unknown_verb", "line_too_long", "unknown_event", "unknown_offer", "unknown_ticket",
            "not_eligible", "limit_reached", "per_order_exceeded", "conflict", "unknown_hold", "expired", "released",
            "forbidden", "bad_catalog", "unavailable", "internal", "below_minimum", "budget_exhausted", "not_in_hold",
            "unknown_audience", "unknown_member",
        ]
        #expect(ReplyError.Code.known.map(\.rawValue) == spelled)
        for code in spelled {
            let read = ReplyError(line: "ERR \(code)").code
            #expect(read.rawValue == code)
            #expect(ReplyError.Code.known.contains(read), "\(code)")
        }
    }

    /// Every code the server can send is known to the client.
    @Test func everyCodeTheServerSendsIsKnown() {
        for code in ErrorCode.allCases {
            let read = ReplyError.Code(rawValue: code.rawValue)
            #expect(read != .other(code.rawValue) && read.rawValue == code.rawValue, "\(code.rawValue)")
        }
    }

    @Test func anUnknownCodeIsKeptNotLost() {
        let error = ReplyError(line: "ERR quota_exceeded tier=gold msg=slow%20down")
        #expect(error.code == .other("quota_exceeded"))
        #expect(error["tier"] == "gold" && error.message == "slow down")
    }

    /// An error always reaches the caller, even when the line is not quite right.
    @Test func aFlawedLineIsReadLeniently() {
        #expect(ReplyError(line: "ERR").code == .other(""))
        let flawed = ReplyError(line: "ERR internal bad=%G1 msg=100%")
        #expect(flawed.code == .internal && flawed["bad"] == "%G1" && flawed.message == "100%")
    }

    @Test func anErrReplyIsThrownByDecodeAndRequireOK() {
        let reply = Reply(lines: ["ERR unknown_event event=nowhere"])
        #expect(!reply.isOK)
        #expect(throws: ClientError.server(ReplyError(line: "ERR unknown_event event=nowhere"))) {
            try reply.decode(EvalResult.self)
        }
        #expect(throws: ClientError.self) { try reply.requireOK() }
        #expect(Reply(lines: ["OK"]).error == nil)
    }
}
