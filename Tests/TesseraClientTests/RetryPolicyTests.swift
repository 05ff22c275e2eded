import Testing

@testable import TesseraClient

/// Which requests the client sends again after a broken connection: only those a second
/// run cannot change (reads, and writes keyed by an id).
@Suite struct RetryPolicyTests {
    @Test func thePolicyTable() {
        let repeatable: [RequestKind: Bool] = [
            .ping: true, .eval: true, .help: true, .info: true,
            .hold: true, .commit: true, .release: true,
            .setMember: true, .delMember: true,
            .addMember: false, .addAttendee: false, .delAttendee: false,
            .reload: false, .stats: false, .clock: false, .findMembers: false, .auth: false, .quit: false,
        ]
        #expect(Set(repeatable.keys) == Set(RequestKind.known), "every verb has a row here")
        for kind in RequestKind.known {
            #expect(kind.isRepeatable == repeatable[kind], "\(kind)")
        }
        #expect(!RequestKind.other("FROB").isRepeatable)
    }

    @Test func verbsAreReadInAnyCase() {
        for kind in RequestKind.known {
            #expect(RequestKind(verb: kind.verb) == kind)
            #expect(RequestKind(verb: kind.verb.lowercased()) == kind)
        }
        #expect(RequestKind(verb: "set_Member") == .setMember)
        #expect(RequestKind(verb: "HOLDX") == .other("HOLDX"))
    }

    /// The requests the factories build carry the policy of their verb.
    @Test func typedRequestsCarryTheirVerbsPolicy() {
        #expect(Request.eval(event: "gala").isRepeatable)
        #expect(Request.hold(id: "h", event: "gala", items: []).isRepeatable)
        #expect(Request.commit(id: "h").isRepeatable)
        #expect(Request.release(id: "h").isRepeatable)
        #expect(!Request.reload.isRepeatable)
        #expect(!Request.stats.isRepeatable)
        #expect(!Request.clock().isRepeatable)
        #expect(!Request.quit.isRepeatable)
    }
}
