import Testing

@testable import TesseraBench

@Suite struct RedisCatalogLayoutTests {
    @Test func memberIsAHashInItsAudienceAndIdentitySets() {
        let columns = ["id", "audience_id", "customer_id", "email", "code", "quantity"]
        let commands = RedisCatalogLayout.commands(
            table: "members", rowid: 7, columns: columns, values: ["7", "aud-0001", "c1", "Ann@X.org", "k1x", nil])
        #expect(commands == [
            ["HSET", "member:7", "audience_id", "aud-0001", "customer_id", "c1", "email", "Ann@X.org", "code", "k1x"],
            ["SADD", "audience:aud-0001:members", "7"],
            ["SADD", "customer:c1", "7"],
            ["SADD", "email:ann@x.org", "7"],
            ["SADD", "code:K1X", "7"],
        ])
    }

    @Test func codeOnlyMemberHasNoCustomerOrEmailSet() {
        let commands = RedisCatalogLayout.commands(
            table: "members", rowid: 9, columns: ["id", "audience_id", "customer_id", "email", "code"],
            values: ["9", "aud-0002", nil, nil, "KABC"])
        #expect(commands.map { $0[1] } == ["member:9", "audience:aud-0002:members", "code:KABC"])
    }

    @Test func offersTicketsAndSeats() {
        #expect(RedisCatalogLayout.commands(table: "offers", rowid: 1, columns: ["id", "audience_id", "value"], values: ["o1", "a1", "5"])
            == [["HSET", "offer:o1", "audience_id", "a1", "value", "5"], ["SADD", "audience:a1:offers", "o1"]])
        #expect(RedisCatalogLayout.commands(table: "offer_tickets", rowid: 1, columns: ["offer_id", "ticket_type_id"], values: ["o1", "t1"])
            == [["SADD", "offer:o1:tickets", "t1"]])
        #expect(RedisCatalogLayout.commands(
            table: "seats", rowid: 3, columns: ["event_id", "label", "category", "locked"], values: ["e1", "R1-1", nil, "0"])
            == [["HSET", "event:e1:seats", "R1-1", "|0"]])
        #expect(RedisCatalogLayout.commands(table: "bench_requests", rowid: 1, columns: ["kind"], values: ["code"]).isEmpty)
    }
}
