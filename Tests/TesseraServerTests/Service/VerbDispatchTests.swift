import Testing
@testable import TesseraServer
@testable import TesseraProtocol

/// Every verb reaches its handler, and the checks its row declares (needs AUTH, needs the
/// admin token) are made for every verb alike, before the handler runs.
@Suite struct VerbDispatchTests {
    func service(token: String? = nil, adminToken: String? = nil) throws -> TesseraService {
        var options = ServiceOptions()
        options.token = token
        options.adminToken = adminToken
        return try TesseraService(source: .demo, options: options, ledger: nil)
    }

    /// Each row's shortest line gets past the table's checks to a handler (its answer is
    /// the verb's own: OK, a deferred reply, or an error of its own checks) and is counted
    /// under its own verb.
    @Test func everyVerbReachesAHandlerAndIsCountedAsItself() throws {
        let service = try service()
        var client = ServiceClient(service)
        for spec in CommandTable.all {
            let before = service.stats.requests
            let reply = client.request(spec.minimalLine)
            #expect(reply.last.map { !$0.hasPrefix("ERR bad_request") && !$0.hasPrefix("ERR unknown_verb") } ?? true,
                    "\(spec.minimalLine): \(reply)")
            var expected = before
            expected[spec.verb.ordinal] += 1
            #expect(service.stats.requests == expected, "\(spec.name) was not counted as itself")
        }
    }

    @Test func everyVerbThatNeedsAuthIsRefusedBeforeItAndNoOtherIs() throws {
        let service = try service(token: "s3cret")
        var client = ServiceClient(service)
        for spec in CommandTable.all {
            let refused = client.request(spec.minimalLine) == ["ERR forbidden msg=AUTH%20first"]
            #expect(refused == spec.flags.contains(.needsAuth), "\(spec.name)")
        }
    }

    /// The admin token is checked from the row's flag, with the row's name in the message.
    @Test func everyVerbThatNeedsTheAdminTokenIsRefusedWithoutItAndNoOtherIs() throws {
        let service = try service(token: "s3cret", adminToken: "r00t")
        var client = ServiceClient(service)
        #expect(client.request("AUTH token=s3cret") == ["OK"])
        for spec in CommandTable.all {
            let reply = client.request(spec.minimalLine)
            let refused = reply == ["ERR forbidden msg=" + PercentCoding.encoded("\(spec.name) needs the admin token")]
            #expect(refused == spec.flags.contains(.needsAdmin), "\(spec.name): \(reply)")
        }
        var admin = ServiceClient(service)
        #expect(admin.request("AUTH token=r00t") == ["OK"])
        for spec in CommandTable.all where spec.flags.contains(.needsAdmin) {
            #expect(admin.request(spec.minimalLine).first?.hasPrefix("ERR forbidden") != true || Self.demoRefuses(spec, admin.request(spec.minimalLine)), "\(spec.name)")
        }
    }

    /// With no admin token configured, the token opens the admin verbs too.
    @Test func withoutAnAdminTokenTheTokenIsEnough() throws {
        let service = try service(token: "s3cret")
        var client = ServiceClient(service)
        #expect(client.request("AUTH token=s3cret") == ["OK"])
        for spec in CommandTable.all where spec.flags.contains(.needsAdmin) {
            let reply = client.request(spec.minimalLine)
            #expect(reply.first?.hasPrefix("ERR forbidden") != true || Self.demoRefuses(spec, reply), "\(spec.name)")
        }
    }

    /// SPEC §8: the membership verbs, past AUTH and the admin token, answer `forbidden` on the
    /// built-in demo catalog, which has no file to change.
    static func demoRefuses(_ spec: CommandSpec, _ reply: [String]) -> Bool {
        spec.flags.contains(.membership)
            && reply == ["ERR forbidden msg=" + PercentCoding.encoded(
                "\(spec.name) changes a catalog file, and the server serves the built-in demo")]
    }

    @Test func statsListsARequestCounterForEveryVerb() throws {
        var client = ServiceClient(try service())
        _ = client.request("HELP")
        _ = client.request("INFO")
        _ = client.request("info")
        let stats = client.request("STATS")
        let counters = stats.filter { $0.hasPrefix("STAT name=requests_") && !$0.hasPrefix("STAT name=requests_total ") }
        #expect(counters.map { $0.split(separator: " ")[1] } == CommandTable.all.map { "name=requests_\($0.name.lowercased())" })
        #expect(stats.contains("STAT name=requests_help value=1"))
        #expect(stats.contains("STAT name=requests_info value=2"))
    }
}
