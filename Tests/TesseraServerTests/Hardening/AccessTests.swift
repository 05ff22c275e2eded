import Testing
@testable import TesseraServer

@Suite("Access control: token and admin token")
struct AccessTests {
    @Test func withATokenEveryVerbButPingAuthAndQuitNeedsAuthFirst() throws {
        let server = try RunningServer { $0.token = "s3cret"; $0.adminToken = "r00t" }
        defer { server.stop() }
        let c = try server.client()
        #expect(try c.request("PING") == ["OK"])
        #expect(try c.request("EVAL event=gala code=vip321") == ["ERR forbidden msg=AUTH%20first"])
        #expect(try c.request("STATS") == ["ERR forbidden msg=AUTH%20first"])
        #expect(try c.request("AUTH token=wrong") == ["ERR forbidden msg=wrong%20token"])
        #expect(try c.request("AUTH token=s3cret") == ["OK"])
        #expect(try c.request("EVAL event=gala code=vip321").last == "OK offers=1")
        #expect(try c.request("RELOAD") == ["ERR forbidden msg=RELOAD%20needs%20the%20admin%20token"])
        #expect(try c.request("AUTH token=r00t") == ["OK"])
        #expect(try c.request("RELOAD").first?.hasPrefix("OK offers=") == true)
        // Another connection starts unauthenticated.
        #expect(try server.client().request("EVAL event=gala") == ["ERR forbidden msg=AUTH%20first"])
    }

    @Test func theAdminTokenAloneOpensEverything() throws {
        let server = try RunningServer { $0.token = "s3cret"; $0.adminToken = "r00t" }
        defer { server.stop() }
        let c = try server.client()
        #expect(try c.request("AUTH token=r00t") == ["OK"])
        #expect(try c.request("EVAL event=gala code=vip321").last == "OK offers=1")
    }

    @Test func tokensCompareInConstantTimeButCorrectly() {
        #expect(constantTimeEqual("abc", "abc"))
        #expect(!constantTimeEqual("abc", "abd"))
        #expect(!constantTimeEqual("abc", "abcd"))
        #expect(!constantTimeEqual("", "a"))
    }
}
