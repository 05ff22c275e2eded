import Testing

@testable import TesseraStore

extension Admin {
    /// SPEC §8 "Same rules as the file", for the CLI's writers: one person is one member
    /// of an audience. A code or e-mail (normalised) or customer id (byte for byte) that
    /// a member of the audience, or an earlier row of the sheet, already has is refused,
    /// named; attendee members and other audiences do not count.
    @Suite struct OnePersonOneMemberTests {
        // MARK: Within one sheet

        @Test func theSameEmailTwiceInASheetIsOneMember() throws {
            let fixture = try AdminFixture()
            defer { fixture.remove() }
            try fixture.editor().createAudience(name: "Fans", id: "fans")
            let sheet =
                "Email,Quantity\nanna@example.com,2\n  ANNA@Example.COM  ,1\nsøren@eksempel.dk,1\nSØREN@EKSEMPEL.DK,1\n"
            let report = try fixture.importSheet(sheet, into: "fans")
            #expect(
                report.rejections.map(\.description) == [
                    "line 3: e-mail 'ANNA@Example.COM' is also on line 2",
                    "line 5: e-mail 'SØREN@EKSEMPEL.DK' is also on line 4",
                ])
            #expect(report.imported == 2)
            #expect(try fixture.members("fans").map(\.values.email) == ["anna@example.com", "søren@eksempel.dk"])
        }

        @Test func emailsAreComparedAfterNFC() throws {
            let fixture = try AdminFixture()
            defer { fixture.remove() }
            try fixture.editor().createAudience(name: "Fans", id: "fans")
            let report = try fixture.importSheet("Email\njoão@exemplo.pt\nJOA\u{0303}O@exemplo.pt\n", into: "fans")
            #expect(report.rejections.map(\.line) == [3] && report.imported == 1)
        }

        @Test func theSameCustomerTwiceInASheetIsOneMemberComparedByteForByte() throws {
            let fixture = try AdminFixture()
            defer { fixture.remove() }
            try fixture.editor().createAudience(name: "Fans", id: "fans")
            let report = try fixture.importSheet("Customer,Quantity\ncust-1,2\ncust-1,1\nCUST-1,1\n", into: "fans")
            #expect(report.rejections.map(\.description) == ["line 3: customer id 'cust-1' is also on line 2"])
            #expect(try fixture.members("fans").map(\.values.customerID) == ["cust-1", "CUST-1"])
        }

        /// A rejected row's values stay free: only rows that are imported count.
        @Test func aRejectedRowTakesNoValue() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let report = try fixture.importSheet(
                "Code,Email,Quantity\nNEW-1,sam@example.com,1\nNEW-1,new@example.com,1\nNEW-2,other@example.com,x\n"
                    + "NEW-2,other@example.com,1\n",
                into: "influencers")
            #expect(report.rejections.map(\.line) == [2, 4] && report.imported == 2)
            #expect(try fixture.members("influencers").compactMap(\.values.code) == ["NEW-1", "NEW-2"])
        }

        // MARK: Against the audience's members

        @Test func theSameSheetImportedTwiceAddsNothingTheSecondTime() throws {
            let fixture = try AdminFixture()
            defer { fixture.remove() }
            try fixture.editor().createAudience(name: "Fans", id: "fans")
            let sheet =
                "Code,Email,Customer,Quantity\nF-1,,,1\n,bo@example.com,,2\n,,cust-3,3\nF-4,dan@example.com,cust-4,4\n"
            #expect(try fixture.importSheet(sheet, into: "fans").imported == 4)
            let ids = try fixture.members("fans").map(\.id)
            let again = try fixture.importSheet(sheet, into: "fans")
            #expect(again.imported == 0 && again.valid == 0)
            #expect(
                again.rejections.map(\.description) == [
                    "line 2: code 'F-1' is already in audience 'Fans' (member \(ids[0]))",
                    "line 3: e-mail 'bo@example.com' is already in audience 'Fans' (member \(ids[1]))",
                    "line 4: customer id 'cust-3' is already in audience 'Fans' (member \(ids[2]))",
                    "line 5: code 'F-4', e-mail 'dan@example.com' and customer id 'cust-4' are already in audience "
                        + "'Fans' (member \(ids[3]))",
                ])
            #expect(try fixture.members("fans").count == 4)
        }

        @Test func aRowMatchingTwoMembersNamesBoth() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            // cust-david is member 61, CLUB-1003 member 62.
            let report = try fixture.importSheet("Customer,Code\ncust-david,club-1003\n", into: "club")
            #expect(
                report.rejections.map(\.description) == [
                    "line 2: code 'club-1003' is already in audience 'Tessera Club' (member 62); "
                        + "customer id 'cust-david' is already in audience 'Tessera Club' (member 61)"
                ])
        }

        @Test func attendeeMembersAndOtherAudiencesDoNotCount() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            // frida is an attendee member of gala-2025-guests; cust-ben and sam@example.com are members elsewhere.
            let report = try fixture.importSheet(
                "Customer,Email,Code\ncust-frida,frida@example.com,GALA25-0001\ncust-ben,sam@example.com,VIP321\n",
                into: "gala-2025-guests")
            #expect(report.rejections.isEmpty && report.imported == 2)
            _ = try fixture.load()
        }

        @Test func aValueTwoMembersAlreadyShareNamesBoth() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            // Written before this rule, or by another writer: sam is members 41 and 42.
            try Database(path: fixture.path, mode: .readWrite).execute(
                "INSERT INTO members (id, audience_id, email) VALUES (42, 'influencers', 'SAM@example.com')")
            for options in [ImportOptions(), ImportOptions(update: true)] {
                let report = try fixture.importSheet(
                    "Email,Quantity\nsam@example.com,2\n", into: "influencers", options: options)
                #expect(report.imported == 0)
                #expect(
                    report.rejections.first?.reasons.prefix(2) == [
                        "e-mail 'sam@example.com' is already in audience 'Influencers' (member 41)",
                        "e-mail 'sam@example.com' is already in audience 'Influencers' (member 42)",
                    ])
            }
        }

        // MARK: --update

        @Test func updateRewritesTheSheetsColumnsAndKeepsTheOthers() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            // Member 63: marta@example.com, CLUB-1004, quantity 4, valid 2026-11-01 to 2027-11-01.
            let report = try fixture.importSheet(
                "Email,Quantity,Location\nMARTA@example.com,6,Box 3\nnew@example.com,1,\n", into: "club",
                options: ImportOptions(update: true))
            #expect(report.rejections.isEmpty && report.added == 1 && report.updated == 1)
            #expect(report.summary == "audience 'Tessera Club': 1 added, 1 updated, 0 rejected (2 rows read)")
            let club = try fixture.members("club")
            #expect(
                club.first { $0.id == 63 }?.values
                    == MemberValues(
                        email: "MARTA@example.com", code: "CLUB-1004", quantity: 6, location: "Box 3",
                        validFrom: "2026-11-01", validUntil: "2027-11-01"))
            #expect(club.map(\.id) == [60, 61, 62, 63, 64, 96])
            _ = try fixture.load()
        }

        @Test func updateClearsAColumnTheSheetLeavesEmpty() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            // Member 50: cust-harbour-bank, events@harbourbank.example, quantity 8.
            let report = try fixture.importSheet(
                "Customer,Quantity\ncust-harbour-bank,\n", into: "partners", options: ImportOptions(update: true))
            #expect(report.updated == 1)
            #expect(
                try fixture.members("partners").first?.values
                    == MemberValues(customerID: "cust-harbour-bank", email: "events@harbourbank.example"),
                "no quantity: the offer's per_member")
        }

        @Test func theSameSheetImportedAgainWithUpdateAddsNoOne() throws {
            let fixture = try AdminFixture()
            defer { fixture.remove() }
            try fixture.editor().createAudience(name: "Fans", id: "fans")
            let sheet = "Code,Email,Quantity\nF-1,ann@example.com,1\nF-2,bo@example.com,2\n"
            try fixture.importSheet(sheet, into: "fans")
            let before = try fixture.members("fans")
            let again = try fixture.importSheet(sheet, into: "fans", options: ImportOptions(update: true))
            #expect(again.rejections.isEmpty && again.added == 0 && again.updated == 2)
            #expect(try fixture.members("fans") == before)
        }

        @Test func updateRefusesARowMatchingTwoMembers() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let before = try fixture.members("club")
            let report = try fixture.importSheet(
                "Customer,Code,Quantity\ncust-david,club-1003,9\n", into: "club", options: ImportOptions(update: true))
            #expect(
                report.rejections.map(\.description) == [
                    "line 2: code 'club-1003' is already in audience 'Tessera Club' (member 62); "
                        + "customer id 'cust-david' is already in audience 'Tessera Club' (member 61); "
                        + "--update changes one member per row, and this row matches members 62 and 61"
                ])
            #expect(report.imported == 0)
            #expect(try fixture.members("club") == before)
        }

        @Test func updateStillRefusesThePersonTwiceInOneSheet() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let report = try fixture.importSheet(
                "Email,Quantity\nmarta@example.com,5\nMarta@Example.com,7\n", into: "club",
                options: ImportOptions(update: true))
            #expect(report.rejections.map(\.description) == ["line 3: e-mail 'Marta@Example.com' is also on line 2"])
            #expect(try fixture.members("club").first { $0.id == 63 }?.values.quantity == 5)
        }

        @Test func aValueAMemberHadStaysItsWhileALineUpdatesIt() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let report = try fixture.importSheet(
                "Email,Code\nmarta@example.com,CLUB-2000\nnew@example.com,club-1004\n", into: "club",
                options: ImportOptions(update: true))
            #expect(
                report.rejections.map(\.description) == [
                    "line 3: code 'club-1004' is already in audience 'Tessera Club' (member 63, which line 2 updates)"
                ])
            #expect(try fixture.members("club").first { $0.id == 63 }?.values.code == "CLUB-2000")
        }

        @Test func updateKeepsTheMeaningOfDryRunAndStrict() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let before = try fixture.members("club")
            let sheet = "Email,Quantity\nmarta@example.com,5\nnew@example.com,1\n"
            let dry = try fixture.importSheet(sheet, into: "club", options: ImportOptions(dryRun: true, update: true))
            #expect(dry.matched == 1 && dry.valid == 2 && dry.imported == 0)
            #expect(
                dry.summary
                    == "dry run: 2 rows read, 1 would be added to and 1 would update members of audience 'Tessera Club', "
                    + "0 rejected; nothing written")
            let strict = try fixture.importSheet(
                sheet + "other@example.com,x\n", into: "club", options: ImportOptions(strict: true, update: true))
            #expect(strict.imported == 0 && strict.rejections.map(\.line) == [4])
            #expect(try fixture.members("club") == before)
        }

        // MARK: members add

        @Test func membersAddRefusesAnEmailTheAudienceHasNamingTheMember() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let editor = try fixture.editor()
            #expect(
                throws: AdminError(
                    "e-mail 'chloe.moreau@EXAMPLE.com' is already in audience 'Influencers' (member 40)")
            ) {
                try editor.addMember(to: "influencers", [.email: " chloe.moreau@EXAMPLE.com ", .quantity: "2"])
            }
            #expect(throws: AdminError("customer id 'cust-anna' is already in audience 'Tessera Club' (member 60)")) {
                try editor.addMember(to: "club", [.customer: "cust-anna"])
            }
            #expect(try editor.addMember(to: "club", [.customer: "CUST-ANNA"]) > 0, "customer ids are exact")
            #expect(try editor.addMember(to: "influencers", [.email: "anna@tessera.example"]) > 0, "another audience's")
            #expect(try editor.addMember(to: "gala-2025-guests", [.email: "hanna@example.com"]) > 0, "an attendee's")
            #expect(try fixture.members("influencers").count == 3)
        }
    }
}
