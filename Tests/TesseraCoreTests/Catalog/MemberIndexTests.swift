import Testing
@testable import TesseraCore

@Suite("Members by customer id, e-mail and code: every member with the key, ascending, nothing else")
struct MemberIndexTests {
    func member(customer: String? = nil, email: String? = nil, code: String? = nil) -> Member {
        Member(
            audience: Audience.Index(0), key: .row(1), customerID: customer, email: email, code: code, quantity: nil,
            category: nil, seat: nil, location: nil, window: .always)
    }

    func found(_ index: MemberIndex, _ key: String, in members: [Member]) -> [Int] {
        var positions: [Int] = []
        index.forEach(key, in: members) { positions.append($0.position) }
        return positions
    }

    @Test func aKeyFindsEveryMemberWithItInAscendingOrderAndOnlyThose() {
        let members = [
            member(customer: "c1", code: "a"), member(customer: "c2"), member(customer: "c1", code: "b"),
            member(email: "x@example.com"), member(customer: "c1", code: "a"),
        ]
        let byCustomer = MemberIndex(.customerID, of: members)
        let byCode = MemberIndex(.code, of: members)
        let byEmail = MemberIndex(.email, of: members)
        #expect(found(byCustomer, "c1", in: members) == [0, 2, 4])
        #expect(found(byCustomer, "c2", in: members) == [1])
        #expect(found(byCustomer, "c3", in: members).isEmpty)
        #expect(found(byCode, "a", in: members) == [0, 4] && found(byCode, "b", in: members) == [2])
        #expect(found(byEmail, "x@example.com", in: members) == [3] && found(byEmail, "c1", in: members).isEmpty)
        #expect(byCustomer.count == 2 && byCode.count == 2 && byEmail.count == 1)
    }

    @Test func keysAreComparedByteForByte() {
        // "é" precomposed and decomposed: equal as Swift strings, different customer ids (SPEC §6).
        let members = [member(customer: "caf\u{E9}"), member(customer: "cafe\u{301}")]
        let index = MemberIndex(.customerID, of: members)
        #expect(found(index, "caf\u{E9}", in: members) == [0])
        #expect(found(index, "cafe\u{301}", in: members) == [1])
        #expect(found(index, "cafe", in: members).isEmpty)
    }

    @Test func aLargeIndexAgreesWithADictionary() {
        var random = SystemRandomNumberGenerator()
        var members: [Member] = []
        var model: [String: [Int]] = [:]
        for m in 0..<20_000 {
            // Short and long keys, a few shared by many members.
            let key = m % 10 == 0 ? "shared-\(m % 7)" : "k\(random.next() % 5_000)-" + String(repeating: "x", count: m % 40)
            members.append(member(code: key))
            model[key, default: []].append(m)
        }
        let index = MemberIndex(.code, of: members)
        #expect(index.count == model.count)
        for (key, positions) in model { #expect(found(index, key, in: members) == positions) }
        for probe in ["", "k", "shared-7", "k1-", "absent-\(random.next())"] where model[probe] == nil {
            #expect(found(index, probe, in: members).isEmpty)
        }
    }
}
