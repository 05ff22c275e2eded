import Testing
@testable import TesseraServer
@testable import TesseraProtocol

@Suite("Request lines (SPEC §4, §6 Requests)")
struct RequestParserTests {
    func parse(_ line: String) throws(ErrorReply) -> Request? {
        let bytes = Array(line.utf8)
        let pointer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        defer { pointer.deallocate() }
        pointer.copyBytes(from: bytes)
        return try RequestParser.parse(UnsafeRawBufferPointer(pointer))
    }

    func error(_ line: String) -> ErrorReply? {
        do throws(ErrorReply) {
            let request = try parse(line)
            if let request { try CommandTable.validate(request) }
            return nil
        } catch { return error }
    }

    @Test func verbIsCaseInsensitiveAndKeysAreNot() throws {
        #expect(try parse("eVaL event=gala")?.verb == .eval)
        #expect(error("EVAL Event=gala")?.message == "unknown key Event for EVAL")
    }

    @Test func valuesArePercentDecoded() throws {
        let request = try #require(try parse("EVAL event=gala code=a%20b%3Dc%25 email=J%C3%B8rgen%40x.dk"))
        #expect(request.values("code") == ["a b=c%"])
        #expect(request.value("email") == "Jørgen@x.dk")
    }

    @Test func blankLinesGetNoReply() throws {
        #expect(try parse("") == nil)
        #expect(try parse("   ") == nil)
    }

    @Test func extraSpacesBetweenWordsAreOneSeparator() throws {
        #expect(try parse("  PING  ")?.verb == .ping)
        #expect(try parse("EVAL  event=gala   code=x")?.values("code") == ["x"])
    }

    @Test func malformedRequestsAreBadRequestNamingTheKey() {
        #expect(error("FROB x=1")?.code == .unknownVerb)
        #expect(error("EVAL event=gala code=%4")?.message == "bad % escape in code")
        #expect(error("EVAL event=gala code=%zz")?.message == "bad % escape in code")
        #expect(error("EVAL event=gala code=%FF")?.message == "code is not valid UTF-8")
        #expect(error("EVAL event=gala stray")?.code == .badRequest)
        #expect(error("EVAL event=gala =x")?.code == .badRequest)
        #expect(error("EVAL event=a event=b")?.message == "key event given twice")
        #expect(error("EVAL code=x")?.message == "missing key event")
        #expect(error("EVAL event=gala code=a code=b") == nil)
        #expect(error("HOLD id=1 event=gala")?.message == "missing key item")
    }

    @Test func wholeNumbersAreCheckedAgainstTheirRange() throws {
        let request = try #require(try parse("HOLD id=1 event=e item=o:t:1 ttl=0"))
        #expect(throws: ErrorReply.self) { try request.wholeNumber("ttl", in: 1...2_592_000) }
        let plus = try #require(try parse("HOLD id=1 event=e item=o:t:1 ttl=+5"))
        #expect(throws: ErrorReply.self) { try plus.wholeNumber("ttl", in: 1...2_592_000) }
        let fine = try #require(try parse("HOLD id=1 event=e item=o:t:1 ttl=60"))
        #expect(try fine.wholeNumber("ttl", in: 1...2_592_000) == 60)
    }

    @Test func encodingEscapesSpacePercentEqualsAndNonASCII() {
        #expect(PercentCoding.encoded("VIP seats") == "VIP%20seats")
        #expect(PercentCoding.encoded("a=b%c") == "a%3Db%25c")
        #expect(PercentCoding.encoded("Ø\n") == "%C3%98%0A")
        #expect(PercentCoding.encoded("North-1:x") == "North-1:x")
    }
}

@Test func verbOrdinalsFollowAllCases() {
    #expect(Verb.allCases.map(\.ordinal) == Array(Verb.allCases.indices))
}
