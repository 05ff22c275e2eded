import Foundation
import Testing
@testable import TesseraServer
@testable import TesseraProtocol

/// The verb table: one row per verb, and everything that reads it (SPEC §4).
@Suite struct CommandTableTests {
    func token(_ text: String) -> Verb? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { Verb(token: UnsafeRawBufferPointer($0)) }
    }

    @Test func everyVerbHasItsRowWithANameThatMatchesItAndAHelpLine() {
        #expect(CommandTable.all.map(\.verb) == Verb.allCases)
        #expect(Set(CommandTable.all.map(\.name)).count == Verb.allCases.count)
        for verb in Verb.allCases {
            let spec = CommandTable.spec(for: verb)
            #expect(spec.verb == verb)
            #expect(verb.name == spec.name)
            #expect(token(spec.name) == verb, "\(spec.name) does not parse back to its verb")
            #expect(token(spec.name.lowercased()) == verb)
            #expect(!spec.help.trimmingCharacters(in: .whitespaces).isEmpty, "\(spec.name) has no help")
            #expect(!spec.help.contains("\n"))
        }
    }

    @Test func namesThatAreNotVerbsDoNotMatch() {
        #expect(token("PIN") == nil)
        #expect(token("PINGS") == nil)
        #expect(token("PING\u{0}") == nil)
        #expect(token("RELEASEX") == nil)  // 8 bytes: packed, matches nothing
        #expect(token("FIND_MEMBERS") == .findMembers)  // 12 bytes: two packed words
        #expect(token("find_members") == .findMembers)
        #expect(token("FIND_MEMBER") == nil)
        #expect(token("FIND_MEMBERSX") == nil)
        #expect(token("ADD_ATTENDEES") == nil)
        #expect(token("ADD_MEMBER_AND_MORE") == nil)  // longer than two packed words
    }

    /// SPEC §4 Other verbs and §6: which verbs need what, and which write the ledger.
    @Test func flagsFollowTheSpec() {
        func verbs(with flag: CommandSpec.Flags) -> [Verb] { CommandTable.all.filter { $0.flags.contains(flag) }.map(\.verb) }
        #expect(Set(Verb.allCases).subtracting(verbs(with: .needsAuth)) == [.ping, .auth, .quit])
        let membership: [Verb] = [.addMember, .setMember, .delMember, .findMembers, .addAttendee, .delAttendee]
        #expect(verbs(with: .needsAdmin) == [.reload] + membership)
        #expect(verbs(with: .membership) == membership)
        #expect(verbs(with: .writesCatalog) == [.addMember, .setMember, .delMember, .addAttendee, .delAttendee])
        #expect(verbs(with: .writesLedger) == [.hold, .commit, .release])
    }

    @Test func theRowsKeysDriveTheChecks() {
        let hold = CommandTable.spec(for: .hold)
        #expect(hold.once == ["id", "event", "customer", "email", "ttl"])
        #expect(hold.many == ["code", "item"])
        #expect(hold.required == ["id", "event", "item"])
        #expect(hold.rawKeys == ["item"])
        #expect(CommandTable.all.filter { !$0.rawKeys.isEmpty }.map(\.verb) == [.hold, .release])
        // SPEC §7 Partial refunds: RELEASE takes items and a refund id, neither required.
        let release = CommandTable.spec(for: .release)
        #expect(release.once == ["id", "refund"] && release.many == ["item"] && release.required == ["id"])
        #expect(release.rawKeys == ["item"])
    }

    /// A raw key is raw for the verbs whose row says so: HOLD's `item` keeps its escapes for
    /// the split on `:`; the same key elsewhere is decoded (and then refused as unknown).
    @Test func rawKeysArePerVerb() throws {
        func parse(_ line: String) throws -> Request? {
            var bytes = Array(line.utf8)
            return try bytes.withUnsafeMutableBytes { try RequestParser.parse(UnsafeRawBufferPointer($0)) }
        }
        #expect(try parse("HOLD id=1 event=e item=a%3Ab:t:1")?.values("item") == ["a%3Ab:t:1"])
        #expect(try parse("HOLD id=1 event=e code=a%3Ab")?.values("code") == ["a:b"])
        #expect(try parse("EVAL event=e item=a%3Ab")?.values("item") == ["a:b"])
        #expect(throws: ErrorReply.self) { try parse("EVAL event=e item=%zz") }
        #expect(try parse("HOLD id=1 event=e item=%zz:t:1")?.values("item") == ["%zz:t:1"])
    }
}

/// The README's table of verbs (Wire protocol, Verbs) is written for people; this keeps it in
/// step with the one declaration of the verbs: the same verbs in the same order, each with the
/// row's keys and whether it needs AUTH and the admin token.
@Suite struct ReadmeVerbsTests {
    struct Row {
        var verb: String, once: Set<String>, many: Set<String>, required: Set<String>, auth: String
    }

    /// `| `VERB` | once | repeated | required | auth |` rows of the table that follows "#### Verbs".
    static func rows() throws -> [Row] {
        func keys(_ cell: String) -> Set<String> {
            let names = cell.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: ["`"]) }
            return Set(names.filter { !$0.isEmpty })
        }
        return try ReadmeTables.rows(after: "#### Verbs", minimumCells: 5).map {
            Row(verb: $0[0], once: keys($0[1]), many: keys($0[2]), required: keys($0[3]), auth: $0[4])
        }
    }

    @Test func theReadmeListsEveryVerbWithItsKeysAndWhatItNeeds() throws {
        let rows = try Self.rows()
        #expect(rows.map(\.verb) == CommandTable.all.map(\.name))
        for (row, spec) in zip(rows, CommandTable.all) {
            #expect(row.once == Set(spec.once), "\(spec.name): keys once")
            #expect(row.many == Set(spec.many), "\(spec.name): keys repeated")
            #expect(row.required == Set(spec.required), "\(spec.name): required keys")
            #expect(row.auth.hasPrefix("yes") == spec.flags.contains(.needsAuth), "\(spec.name): needs AUTH")
            #expect(row.auth.contains("admin") == spec.flags.contains(.needsAdmin), "\(spec.name): needs the admin token")
        }
    }
}
