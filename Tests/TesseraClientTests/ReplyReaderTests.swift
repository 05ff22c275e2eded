import Testing

@testable import TesseraClient

/// Framing: bytes as `recv` hands them over, split anywhere, make the same replies.
@Suite struct ReplyReaderTests {
    /// Replies of every shape, `\n` and `\r\n` line ends mixed.
    static let stream = [
        "OFFER id=seat-unlock name=VIP%20seats via=code remaining=1 max_order=1 discount=none value=0\n",
        "TICKET offer=seat-unlock id=gala-seated price=6000 base=6000\r\n",
        "SEAT offer=seat-unlock label=North-1\n",
        "CODE value=vip321 status=ok\n",
        "OK offers=1\n",
        "OK\n",
        "ERR bad_request msg=missing%20key%20event\r\n",
        "HELD offer=thank-you-ticket qty=1 remaining=0\n",
        "OK id=cart-1 expires=2026-11-23T12:15:00Z\n",
        "STAT name=requests_total value=7\n",
        "OK\n",
        "ERR\n",
    ].joined()

    static let expected: [[String]] = [
        [
            "OFFER id=seat-unlock name=VIP%20seats via=code remaining=1 max_order=1 discount=none value=0",
            "TICKET offer=seat-unlock id=gala-seated price=6000 base=6000",
            "SEAT offer=seat-unlock label=North-1",
            "CODE value=vip321 status=ok",
            "OK offers=1",
        ],
        ["OK"],
        ["ERR bad_request msg=missing%20key%20event"],
        ["HELD offer=thank-you-ticket qty=1 remaining=0", "OK id=cart-1 expires=2026-11-23T12:15:00Z"],
        ["STAT name=requests_total value=7", "OK"],
        ["ERR"],
    ]

    static func read(_ chunks: [ArraySlice<UInt8>]) -> [[String]] {
        var reader = ReplyReader()
        var replies: [[String]] = []
        for chunk in chunks {
            reader.append(chunk)
            while let reply = reader.next() { replies.append(reply.lines) }
        }
        #expect(!reader.isInsideReply)
        return replies
    }

    @Test func inOneChunk() {
        #expect(Self.read([Array(Self.stream.utf8)[...]]) == Self.expected)
    }

    @Test func splitAtEveryOffset() {
        let bytes = Array(Self.stream.utf8)
        for split in 0...bytes.count {
            let replies = Self.read([bytes[..<split], bytes[split...]])
            #expect(replies == Self.expected, "split at \(split)")
            if replies != Self.expected { break }
        }
    }

    @Test func splitAtEveryPairOfOffsets() {
        let bytes = Array(Self.stream.utf8)
        for first in stride(from: 0, through: bytes.count, by: 7) {
            for second in first...bytes.count {
                let replies = Self.read([bytes[..<first], bytes[first..<second], bytes[second...]])
                #expect(replies == Self.expected, "split at \(first) and \(second)")
                if replies != Self.expected { return }
            }
        }
    }

    @Test func oneByteAtATime() {
        let bytes = Array(Self.stream.utf8)
        #expect(Self.read(bytes.indices.map { bytes[$0...$0] }) == Self.expected)
    }

    /// Only a line whose first word is OK or ERR ends a reply; a data line never does,
    /// whatever it starts with.
    @Test func onlyAnOKOrERRWordEndsAReply() {
        var reader = ReplyReader()
        reader.append(Array("OKAY x=1\nERRATA y=2\nOFFER id=OK\nOK\n".utf8))
        #expect(reader.next()?.lines == ["OKAY x=1", "ERRATA y=2", "OFFER id=OK", "OK"])
        #expect(reader.next() == nil)
    }

    @Test func aPartReplyIsHeldUntilItsStatusLine() {
        var reader = ReplyReader()
        reader.append(Array("STAT name=a value=1\nSTAT name=b va".utf8))
        #expect(reader.next() == nil)
        #expect(reader.isInsideReply)
        reader.append(Array("lue=2\nOK\nO".utf8))
        #expect(reader.next()?.lines == ["STAT name=a value=1", "STAT name=b value=2", "OK"])
        #expect(reader.next() == nil)
        #expect(reader.isInsideReply)
        reader.append(Array("K\n".utf8))
        #expect(reader.next()?.lines == ["OK"])
        #expect(!reader.isInsideReply)
    }

    /// Many replies through one reader: consumed bytes are dropped as it goes.
    @Test func aLongStreamOfReplies() {
        var reader = ReplyReader()
        var count = 0
        for i in 0..<10_000 {
            reader.append(Array("CODE value=c\(i) status=unknown\nOK offers=0\n".utf8))
            while let reply = reader.next() {
                #expect(reply.lines == ["CODE value=c\(count) status=unknown", "OK offers=0"])
                count += 1
            }
        }
        #expect(count == 10_000)
    }
}
