import Testing

@testable import TesseraBench

@Suite struct RESPCommandsTests {
    @Test func encodesArraysOfBulkStrings() {
        var commands = RESPCommands()
        commands.append(["SADD", "audience:aud-0001:members", "42"])
        commands.append(["HSET", "member:7", "email", "Ø@x.dk"])
        let text = String(decoding: commands.bytes, as: UTF8.self)
        #expect(text == "*3\r\n$4\r\nSADD\r\n$25\r\naudience:aud-0001:members\r\n$2\r\n42\r\n"
            + "*4\r\n$4\r\nHSET\r\n$8\r\nmember:7\r\n$5\r\nemail\r\n$7\r\nØ@x.dk\r\n")
        #expect(commands.count == 2)
        commands.removeAll()
        #expect(commands.count == 0 && commands.bytes.isEmpty)
    }

    @Test func emptyArgumentHasLengthZero() {
        var commands = RESPCommands()
        commands.append(["SET", "k", ""])
        #expect(String(decoding: commands.bytes, as: UTF8.self) == "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n")
    }

    @Test func countsOneLineRepliesSplitAnywhere() {
        let replies = Array(":1\r\n:0\r\n-ERR wrong type\r\n+OK\r\n".utf8)
        for split in 0...replies.count {
            var counter = RESPLineCounter()
            counter.feed(replies[..<split])
            counter.feed(replies[split...])
            #expect(counter.lines == 4)
            #expect(counter.errors == 1)
            #expect(counter.firstError == "-ERR wrong type")
        }
    }
}
