import Foundation
import Testing

@testable import TesseraServer

/// `tessera serve` on the real clock serves the demo moved to today, so the README's demo
/// table holds on any day; with the test clock it keeps its dates as written.
@Suite struct DemoOnAnyDayTests {
    @Test func theDemoTableIsTrueTodayOnTheRealClock() throws {
        let server = try RunningServer()
        defer { server.stop() }
        let c = try server.client()
        #expect(try c.request("EVAL event=gala code=CLUB-1002") == ["CODE value=CLUB-1002 status=not_yet_valid", "OK offers=0"])
        #expect(try c.request("EVAL event=jazz-night code=JAZZ-EARLY") == ["CODE value=JAZZ-EARLY status=expired", "OK offers=0"])
        #expect(try c.request("EVAL event=gala code=CLUB-1003") == ["CODE value=CLUB-1003 status=expired", "OK offers=0"])
        #expect(try c.request("EVAL event=gala code=CLUB-1001").contains("CODE value=CLUB-1001 status=ok"))
        #expect(try c.request("EVAL event=jazz-night customer=cust-emil code=STUDENT26").contains("CODE value=STUDENT26 status=ok"))
        #expect(server.runner.configuration.testClock == false)
    }

    @Test func theTestClockKeepsTheDatesAsWritten() throws {
        let server = try RunningServer { $0.testClock = true }
        defer { server.stop() }
        let c = try server.client()
        _ = try c.request("CLOCK set=2026-12-02T12:00:00Z")
        // As written, CLUB-1002's membership started on 2026-12-01.
        #expect(try c.request("EVAL event=gala code=CLUB-1002").contains("CODE value=CLUB-1002 status=ok"))
    }
}
