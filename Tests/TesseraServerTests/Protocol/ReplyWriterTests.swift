import Testing
import TesseraCore
@testable import TesseraServer
@testable import TesseraProtocol

@Suite struct ReplyWriterTests {
    func text(_ out: ReplyWriter) -> String { String(decoding: out.bytes, as: UTF8.self) }

    @Test func fieldsAreSpaceKeyEqualsValueWithValuesPercentEncoded() {
        var out = ReplyWriter(capacity: 16)
        out.word("OFFER")
        out.field("name", "VIP seats=50%")
        out.field("remaining", 0)
        out.field("max_order", limit: nil)
        out.field("value", -25)
        out.field("big", Int.max)
        out.field("small", Int.min)
        out.endLine()
        #expect(text(out) == "OFFER name=VIP%20seats%3D50%25 remaining=0 max_order=unlimited value=-25 "
            + "big=9223372036854775807 small=-9223372036854775808\n")
    }

    @Test func timesAreUTCWithSeconds() {
        var out = ReplyWriter(capacity: 4)
        out.field("resets", Instant(iso8601: "2026-12-01T00:00:00Z")!)
        #expect(text(out) == " resets=2026-12-01T00:00:00Z")
    }

    @Test func growsPastItsCapacityKeepingEveryByte() {
        var out = ReplyWriter(capacity: 16)
        var expected = ""
        for i in 0..<2_000 {
            out.field("n", i)
            expected += " n=\(i)"
        }
        let long = String(repeating: "é", count: 700)  // 2 bytes each, 6 once encoded
        out.field("long", long)
        expected += " long=" + String(repeating: "%C3%A9", count: 700)
        #expect(text(out) == expected)
    }

    @Test func aCopyIsIndependentLikeAnArray() {
        var first = ReplyWriter(capacity: 16)
        first.word("OK")
        var second = first
        second.word(" more")
        first.endLine()
        #expect(text(first) == "OK\n")
        #expect(text(second) == "OK more")
        second.reset()
        #expect(second.isEmpty && text(first) == "OK\n")
    }

    @Test func wholeNumbersAreWrittenInDecimalAtEveryLength() {
        var values: [Int] = [0, 9, 10, 99, 100, 101, 999, 1000, 12_500, Int.max, Int.min, Int.min + 1]
        var power = 1
        for _ in 0..<18 {
            power *= 10
            values += [power - 1, power, power + 1, -power, -(power - 1)]
        }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<1000 { values.append(Int(truncatingIfNeeded: random.next() >> UInt64.random(in: 0..<64))) }
        for value in values {
            var out = ReplyWriter(capacity: 16)
            out.appendInt(value)
            #expect(text(out) == String(value))
        }
    }
}
