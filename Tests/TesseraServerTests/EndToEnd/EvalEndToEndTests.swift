import Foundation
import Testing
import TesseraStore
@testable import TesseraServer

@Suite("EVAL over TCP against a running server (SPEC §4)")
struct EvalEndToEndTests {
    @Test func theSpecExampleAnswersExactlyFromTheDemoCatalog() throws {
        let server = try RunningServer()
        defer { server.stop() }
        let client = try server.client()
        #expect(try client.request("EVAL event=gala code=vip321") == [
            "OFFER id=seat-unlock name=VIP%20seats via=code remaining=1 max_order=1 discount=none value=0",
            "TICKET offer=seat-unlock id=gala-seated price=6000 base=6000",
            "SEAT offer=seat-unlock label=North-1",
            "CODE value=vip321 status=ok",
            "OK offers=1",
        ])
    }

    @Test func thousandPipelinedMixedRequestsInOneWriteAnswerInOrder() throws {
        let server = try RunningServer()
        defer { server.stop() }
        let forms = [
            "PING", "EVAL event=gala code=vip321", "EVAL event=gala code=VIP238 code=nope", "eval event=nowhere",
            "EVAL event=gala", "FROB", "EVAL event=gala code=%zz", "EVAL event=gala event=gala",
            "EVAL event=gala customer=c1 email=x%40y.z code=vip321", "CLOCK",
        ]
        // What each request answers when sent alone.
        let single = try server.client()
        var expected: [[String]] = []
        for form in forms { expected.append(try single.request(form)) }

        let requests = (0..<1000).map { forms[$0 % forms.count] }
        let pipelined = try server.rawClient()  // \r\n line ends
        try pipelined.send(requests.joined(separator: "\r\n") + "\r\n")
        for (i, _) in requests.enumerated() {
            let reply = try pipelined.readReply()
            #expect(reply == expected[i % forms.count], "request \(i): \(requests[i])")
            if reply != expected[i % forms.count] { break }
        }
    }

    @Test func aLineOverTheLimitIsAnsweredOnceAndSkipped() throws {
        let server = try RunningServer { $0.maxLineBytes = 64 }
        defer { server.stop() }
        let client = try server.rawClient()
        try client.send("EVAL event=gala code=" + String(repeating: "x", count: 5000) + "\nPING\n")
        #expect(try client.readReply() == ["ERR line_too_long msg=line%20longer%20than%20the%20limit"])
        #expect(try client.readReply() == ["OK"])
    }

    @Test func aHalfSentLineDoesNotDelayAnyoneElse() throws {
        let server = try RunningServer()
        defer { server.stop() }
        let slow = try server.rawClient()
        try slow.send("EVAL event=gala co")
        let fast = try server.client()
        for _ in 0..<50 { #expect(try fast.request("PING") == ["OK"]) }
        try slow.send("de=vip321\n")
        #expect(try slow.readReply().last == "OK offers=1")
    }

    @Test func errorsLeaveTheConnectionUsableAndQuitCloses() throws {
        let server = try RunningServer()
        defer { server.stop() }
        let client = try server.rawClient()  // watches the close
        #expect(try client.request("EVAL event=gala nonsense") == ["ERR bad_request msg=argument%20'nonsense'%20is%20not%20key%3Dvalue"])
        #expect(try client.request("EVAL") == ["ERR bad_request msg=missing%20key%20event"])
        #expect(try client.request("PING") == ["OK"])
        #expect(try client.request("QUIT") == ["OK"])
        #expect(try client.readLine() == nil)
    }

    @Test func clockNeedsTheTestClockAndDrivesTheRules() throws {
        let plain = try RunningServer()
        defer { plain.stop() }
        #expect(try plain.client().request("CLOCK set=2026-12-01T00:00:00Z").first?.hasPrefix("ERR forbidden") == true)

        let server = try RunningServer { $0.testClock = true }
        defer { server.stop() }
        let client = try server.client()
        #expect(try client.request("CLOCK set=2030-06-01T12:00:00.75+02:00") == ["OK now=2030-06-01T10:00:00Z"])
        #expect(try client.request("CLOCK") == ["OK now=2030-06-01T10:00:00Z"])
        #expect(try client.request("CLOCK set=1999-12-31T23:59:59Z").first?.hasPrefix("ERR bad_request") == true)
        #expect(try client.request("CLOCK set=3000-01-01").first?.hasPrefix("ERR bad_request") == true)
    }

    @Test func statsCountRequestsAndErrors() throws {
        let server = try RunningServer()
        defer { server.stop() }
        let client = try server.client()
        _ = try client.request("PING")
        _ = try client.request("EVAL event=nowhere")
        let stats = try client.request("STATS")
        #expect(stats.contains("STAT name=requests_ping value=1"))
        #expect(stats.contains("STAT name=errors_unknown_event value=1"))
        #expect(stats.contains("STAT name=connections_open value=1"))
        #expect(stats.last == "OK")
    }
}
