import Testing

@testable import TesseraServer
@testable import TesseraProtocol

/// `tessera reload` prints the server's reply for a person: values decoded.
@Suite struct PercentCodingReadableTests {
    @Test func decodesEveryValueAndKeepsTheRest() {
        #expect(
            PercentCoding.readable(
                "ERR bad_catalog msg=table%20offers,%20row%20id%3Dseat-unlock:%20unlock%20must%20be%20'login'")
                == "ERR bad_catalog msg=table offers, row id=seat-unlock: unlock must be 'login'")
        #expect(PercentCoding.readable("OK offers=11 members=29 ms=1") == "OK offers=11 members=29 ms=1")
        #expect(
            PercentCoding.readable("OFFER id=seat-unlock name=VIP%20seats%20%25%20S%C3%B8ren")
                == "OFFER id=seat-unlock name=VIP seats % Søren")
    }

    @Test func whatItCannotShowSafelyStaysEncoded() {
        #expect(PercentCoding.readable("ERR internal msg=a%0Ab%1B[2J") == "ERR internal msg=a%0Ab%1B[2J")
        #expect(PercentCoding.readable("ERR bad_request msg=100%") == "ERR bad_request msg=100%")
        #expect(PercentCoding.readable("ERR x msg=ok%20then bad=%G1") == "ERR x msg=ok then bad=%G1")
    }

    /// What the server encodes comes back as it was, for any text without control bytes.
    @Test func undoesTheServersEncoding() {
        for text in ["table offers, row id=x", "100% = all", "Дмитрий Ёлкин", "a  b", "="] {
            #expect(PercentCoding.readable("ERR bad_catalog msg=" + PercentCoding.encoded(text)) == "ERR bad_catalog msg=" + text)
        }
    }
}
