import Testing

@testable import TesseraBench

@Suite struct RedisCatalogLayoutTests {
    @Test func memberIsAHashInItsAudienceSetWithItsIdentitiesIndexed() {
        let columns = ["id", "audience_id", "customer_id", "email", "code", "quantity"]
        let row = RedisCatalogLayout.commands(
            table: "members", rowid: 7, columns: columns, values: ["7", "aud-0001", "c1", "Ann@X.org", "k1x", nil])
        #expect(row.commands == [
            ["HSET", "member:7", "audience_id", "aud-0001", "customer_id", "c1", "email", "Ann@X.org", "code", "k1x"],
            ["SADD", "audience:aud-0001:members", "7"],
        ])
        #expect(row.index == [
            .init(index: "index:customer", identity: "c1", id: "7"),
            .init(index: "index:email", identity: "ann@x.org", id: "7"),
            .init(index: "index:code", identity: "K1X", id: "7"),
        ])
    }

    @Test func codeOnlyMemberIsIndexedByItsCodeAlone() {
        let row = RedisCatalogLayout.commands(
            table: "members", rowid: 9, columns: ["id", "audience_id", "customer_id", "email", "code"],
            values: ["9", "aud-0002", nil, nil, "KABC"])
        #expect(row.commands.map { $0[1] } == ["member:9", "audience:aud-0002:members"])
        #expect(row.index.map(\.index) == ["index:code"])
    }

    @Test func offersTicketsAndSeats() {
        #expect(RedisCatalogLayout.commands(table: "offers", rowid: 1, columns: ["id", "audience_id", "value"], values: ["o1", "a1", "5"]).commands
            == [["HSET", "offer:o1", "audience_id", "a1", "value", "5"], ["SADD", "audience:a1:offers", "o1"]])
        #expect(RedisCatalogLayout.commands(table: "offer_tickets", rowid: 1, columns: ["offer_id", "ticket_type_id"], values: ["o1", "t1"]).commands
            == [["SADD", "offer:o1:tickets", "t1"]])
        #expect(RedisCatalogLayout.commands(
            table: "seats", rowid: 3, columns: ["event_id", "label", "category", "locked"], values: ["e1", "R1-1", nil, "0"]).commands
            == [["HSET", "event:e1:seats", "R1-1", "|0"]])
        #expect(RedisCatalogLayout.commands(table: "bench_requests", rowid: 1, columns: ["kind"], values: ["code"]).commands.isEmpty)
    }

    /// A customer in two audiences is one index field naming both members.
    @Test func indexesJoinTheIdsOfOneIdentityAndBatchTheirFields() {
        var indexes = RedisIndexes()
        indexes.add(.init(index: "index:customer", identity: "m1", id: "3"))
        indexes.add(.init(index: "index:code", identity: "KA", id: "5"))
        indexes.add(.init(index: "index:customer", identity: "m1", id: "4"))
        indexes.add(.init(index: "index:customer", identity: "c9", id: "6"))
        #expect(indexes.commands(fieldsPerCommand: 1) == [
            ["HSET", "index:code", "KA", "5"],
            ["HSET", "index:customer", "c9", "6"],
            ["HSET", "index:customer", "m1", "3,4"],
        ])
        #expect(indexes.commands().count == 2)
    }
}
