import Testing
import enum TesseraProtocol.PercentCoding

@testable import TesseraClient

/// How `tessera client` shows a reply line to a person.
@Suite struct ReadableTests {
    @Test func valuesAreDecodedAndQuotedWhenTheyHoldSpaces() {
        #expect(
            ReplyLine.readable("OFFER id=seat-unlock name=VIP%20seats via=code remaining=1")
                == "OFFER id=seat-unlock name=\"VIP seats\" via=code remaining=1")
        #expect(ReplyLine.readable("ERR forbidden msg=AUTH%20first") == "ERR forbidden msg=\"AUTH first\"")
        #expect(ReplyLine.readable("OK offers=1") == "OK offers=1")
        #expect(ReplyLine.readable("CODE value=S%C3%B8ren status=ok") == "CODE value=Søren status=ok")
        #expect(ReplyLine.readable("CODE value= status=unknown") == "CODE value=\"\" status=unknown")
        #expect(ReplyLine.readable("X a=x%3Dy b=say%20%22hi%22 c=back%5Cslash") == "X a=\"x=y\" b=\"say \\\"hi\\\"\" c=\"back\\\\slash\"")
    }

    @Test func whatCannotBeShownSafelyStaysEncoded() {
        #expect(ReplyLine.readable("ERR internal msg=a%0Ab%1B[2J") == "ERR internal msg=a%0Ab%1B[2J")
        #expect(ReplyLine.readable("ERR x msg=100%") == "ERR x msg=100%")
    }

    /// Any value the server encodes reads back as it was (quoted when it has a space).
    @Test func undoesTheServersEncoding() {
        for text in ["table offers, row id=x", "100% = all", "Дмитрий Ёлкин", "a  b", "plain"] {
            let shown = ReplyLine.readable("ERR bad_catalog msg=" + PercentCoding.encoded(text))
            let quoted = text.contains(" ") || text.contains("=")
            #expect(shown == "ERR bad_catalog msg=" + (quoted ? "\"\(text)\"" : text))
        }
    }
}
