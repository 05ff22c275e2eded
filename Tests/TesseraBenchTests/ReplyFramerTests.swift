import Testing

@testable import TesseraBench

@Suite struct ReplyFramerTests {
    static let replies = Array(
        ("OFFER id=o1 name=A\nTICKET offer=o1 id=t1 price=100\nOK offers=1\n" + "OK offers=0\n"
            + "OFFER id=o2 name=B\nOK offers=1\n").utf8)

    /// The same bytes split at every offset give the same count, bytes and mean.
    @Test func meanAnswerBytesWhateverTheSplit() {
        for split in 0...Self.replies.count {
            var framer = ReplyFramer(expecting: .eval)
            framer.feed(Self.replies[..<split])
            framer.feed(Self.replies[split...])
            #expect(framer.replies == 3)
            #expect(framer.bytes == Self.replies.count)
            #expect(framer.dataLines == 3)
            #expect(framer.failures == 0)
            #expect(framer.meanBytes == Double(Self.replies.count) / 3)
        }
    }

    @Test func countsOnlyCompletedReplies() {
        var framer = ReplyFramer(expecting: .eval)
        framer.feed(Array("OK offers=0\nOFFER id=o1 name=A\n".utf8))
        #expect(framer.replies == 1)
        #expect(framer.bytes == 12)
    }

    @Test func errAndWrongCountsAreFailures() {
        var framer = ReplyFramer(expecting: .eval)
        framer.feed(Array("ERR unknown_event\nOFFER id=o1\nOK offers=2\n".utf8))
        #expect(framer.replies == 2)
        #expect(framer.failures == 2)
        #expect(framer.firstProblem != nil)
    }
}
