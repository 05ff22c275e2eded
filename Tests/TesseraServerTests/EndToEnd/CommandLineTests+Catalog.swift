import Foundation
import Testing
import TesseraStore

/// `tessera event|ticket|seat|offer`, run as a process: the rest of the catalog without SQL.
extension CommandLineTests {
    /// A fresh empty catalog in a scratch directory.
    func emptyCatalog() throws -> (directory: URL, catalog: String) {
        let directory = try scratch()
        let catalog = directory.appendingPathComponent("catalog.db").path
        #expect(try tessera(["init", "--catalog", catalog]).status == 0)
        return (directory, catalog)
    }

    @Test func eventsAndTicketTypesFromAddToDelete() throws {
        let (directory, catalog) = try emptyCatalog()
        defer { try? FileManager.default.removeItem(at: directory) }
        let c = ["--catalog", catalog]
        #expect(try tessera(["event", "add", "Jazz Night", "--starts-at", "2027-03-05T20:00:00+01:00"] + c).output
            == "added event 'Jazz Night' (id jazz-night)\n")
        #expect(try tessera(["event", "add", "--name", "Gala", "--id", "gala"] + c).status == 0)
        #expect(try tessera(["ticket", "add", "Standard", "--event", "Jazz Night", "--price", "45000"] + c).output
            == "added ticket type 'Standard' (id standard)\n")
        #expect(try tessera(["ticket", "add", "Table", "--event", "jazz-night", "--price", "60000", "--exclusive"] + c)
            .status == 0)
        #expect(
            try tessera(["event", "list"] + c).output == """
                ID          NAME        STARTS AT                  TICKET TYPES    SEATS  OFFERS
                gala        Gala        -                          -               0      -
                jazz-night  Jazz Night  2027-03-05T20:00:00+01:00  standard,table  0      -

                """)
        #expect(
            try tessera(["ticket", "list", "--event", "jazz-night"] + c).output == """
                ID        EVENT       NAME      PRICE  EXCLUSIVE  OFFERS
                standard  jazz-night  Standard  45000  no         -
                table     jazz-night  Table     60000  yes        -

                """)
        #expect(
            try tessera(["event", "show", "jazz-night", "--json"] + c).output
                == #"{"id":"jazz-night","name":"Jazz Night","starts_at":"2027-03-05T20:00:00+01:00","ticket_types":["standard","table"],"seats":0,"offers":[],"audiences":[]}"#
                + "\n")
        #expect(
            try tessera(["ticket", "show", "table", "--json"] + c).output
                == #"{"id":"table","event_id":"jazz-night","name":"Table","price":60000,"exclusive":true,"offers":[]}"# + "\n")
        #expect(try tessera(["ticket", "set", "table", "--exclusive=no", "--price", "55000"] + c).status == 0)
        #expect(try tessera(["ticket", "show", "table"] + c).output.contains("exclusive  no\n"))
        #expect(try tessera(["event", "set", "gala", "--starts-at", "2027-12-31"] + c).output == "updated event 'gala'\n")

        let refused = try tessera(["event", "set", "gala", "--starts-at", "31/12/2027"] + c)
        #expect(refused.status == 1)
        #expect(
            refused.errors
                == "tessera event: table events, row id=gala: starts_at '31/12/2027' is not an ISO 8601 time; nothing was changed\n")
        let used = try tessera(["event", "delete", "jazz-night"] + c)
        #expect(used.status == 1 && used.errors.contains("is used by 2 ticket types (standard, table)"))
        #expect(try tessera(["ticket", "delete", "Table"] + c).output == "deleted ticket type 'table'\n")
        #expect(try tessera(["event", "delete", "gala"] + c).output == "deleted event 'gala'\n")
        #expect(try tessera(["event", "list", "--json"] + c).output.hasPrefix(#"[{"id":"jazz-night""#))

        for (arguments, status) in [
            (["event"], 2), (["event", "rename", "x"], 2), (["event", "set", "jazz-night"], 2),
            (["ticket", "add", "X", "--event", "jazz-night", "--price", "ten"], 1),
            (["ticket", "add", "X", "--event", "nope", "--price", "10"], 1),
            (["ticket", "show", "nope"], 1), (["event", "list", "--jsn"], 2),
        ] {
            let outcome = try tessera(arguments + c)
            #expect(outcome.status == Int32(status), "\(arguments)")
            #expect(outcome.errors.split(separator: "\n").count == 1, "\(arguments): \(outcome.errors)")
        }
    }

    @Test func seatsOneAtATimeAndFromASheet() throws {
        let (directory, catalog) = try emptyCatalog()
        defer { try? FileManager.default.removeItem(at: directory) }
        let c = ["--catalog", catalog]
        try tessera(["event", "add", "Gala"] + c)
        #expect(try tessera(["seat", "add", "North-1", "--event", "gala", "--category", "Section2"] + c).output
            == "added seat 'North-1' to event 'gala'\n")
        let sheet = directory.appendingPathComponent("seats.csv").path
        try Data("Label;Category;Locked\nNorth-1;Section1;yes\nNorth-2;;no\nSouth-1;Section2;\n".utf8)
            .write(to: URL(fileURLWithPath: sheet))
        #expect(try tessera(["seat", "import", sheet, "--event", "gala"] + c).output
            == "event 'gala': 2 seats added, 1 updated\n")
        #expect(
            try tessera(["seat", "list", "--event", "gala"] + c).output == """
                EVENT  LABEL    CATEGORY  LOCKED
                gala   North-1  Section1  yes
                gala   North-2  -         no
                gala   South-1  Section2  yes

                """)
        #expect(try tessera(["seat", "delete", "North-2", "--event", "gala"] + c).status == 0)
        #expect(
            try tessera(["seat", "list", "--json"] + c).output
                == #"[{"event_id":"gala","label":"North-1","category":"Section1","locked":true},{"event_id":"gala","label":"South-1","category":"Section2","locked":true}]"#
                + "\n")
        try Data("label,locked\nA-1,maybe\n".utf8).write(to: URL(fileURLWithPath: sheet))
        let bad = try tessera(["seat", "import", sheet, "--event", "gala"] + c)
        #expect(bad.status == 1 && bad.errors == "tessera seat: \(sheet) line 2: locked must be yes or no, got 'maybe'\n")
        #expect(try tessera(["seat", "add", "North-1", "--event", "gala"] + c).status == 1)
        #expect(try tessera(["seat", "add", "X-1"] + c).status == 2)
    }

    @Test func offersWithEveryColumnTheirLinksAndTheLedgerGuard() throws {
        let (directory, catalog) = try emptyCatalog()
        defer { try? FileManager.default.removeItem(at: directory) }
        let c = ["--catalog", catalog]
        try tessera(["event", "add", "Jazz Night"] + c)
        try tessera(["ticket", "add", "Standard", "--event", "jazz-night", "--price", "45000"] + c)
        try tessera(["ticket", "add", "Table", "--event", "jazz-night", "--price", "60000"] + c)
        try tessera(["audience", "create", "Jazz club"] + c)
        let add = try tessera(
            [
                "offer", "add", "Club deal", "--audience", "Jazz club", "--unlock", "code", "--promo-code", "JAZZ",
                "--discount", "price", "--value", "30000", "--per-member", "2", "--per-order", "4", "--total", "100",
                "--scope", "all", "--period", "year", "--timezone", "Europe/Lisbon", "--valid-from", "2027-01-01",
                "--valid-until", "2028-01-01", "--min-order", "2", "--budget", "1000000", "--event", "jazz-night",
                "--ticket", "standard", "--ticket", "table",
            ] + c)
        #expect(add.output == "added offer 'Club deal' (id club-deal)\n", "\(add.errors)")
        #expect(
            try tessera(["offer", "show", "club-deal", "--json"] + c).output
                == #"{"id":"club-deal","name":"Club deal","audience_id":"jazz-club","enabled":true,"unlock":"code","promo_code":"JAZZ","discount":"price","value":30000,"per_member":2,"per_order":4,"total":100,"scope":"all","period":"year","timezone":"Europe/Lisbon","valid_from":"2027-01-01","valid_until":"2028-01-01","min_order":2,"budget":1000000,"events":["jazz-night"],"ticket_types":["standard","table"]}"#
                + "\n")
        #expect(
            try tessera(["offer", "set", "club-deal", "--promo-code", "none", "--period", "none", "--ticket", "table"] + c)
                .output == "updated offer 'club-deal'\n")
        let show = try tessera(["offer", "show", "Club deal"] + c).output
        #expect(show.contains("promo code    -\n") && show.contains("period        none\n"))
        #expect(show.contains("ticket types  table\n") && show.contains("events        jazz-night\n"))
        #expect(try tessera(["offer", "set", "club-deal", "--event", "none"] + c).status == 0)
        #expect(try tessera(["offer", "show", "club-deal"] + c).output.contains("events        all\n"))

        let broken = try tessera(["offer", "set", "club-deal", "--scope", "everywhere"] + c)
        #expect(broken.status == 1)
        #expect(
            broken.errors
                == "tessera offer: table offers, row id=club-deal: scope must be 'event' or 'all', got 'everywhere'; nothing was changed\n")
        #expect(try tessera(["offer", "disable", "club-deal"] + c).output == "offer 'club-deal' is now disabled\n")
        #expect(try tessera(["offer", "disable", "club-deal"] + c).output == "offer 'club-deal' was already disabled\n")
        #expect(
            try tessera(["offer", "list"] + c).output == """
                ID         NAME       AUDIENCE   ENABLED  DISCOUNT     PER MEMBER  TOTAL  PERIOD  EVENTS  TICKETS
                club-deal  Club deal  jazz-club  no       price 30000  2           100    -       all     table

                """)
        #expect(try tessera(["check", catalog]).status == 0)

        // A file that is not a ledger stops delete (a real ledger's usage: FirstOfferWalkthroughTests).
        let notALedger = directory.appendingPathComponent("notes.txt").path
        try Data("hello".utf8).write(to: URL(fileURLWithPath: notALedger))
        let refused = try tessera(["offer", "delete", "club-deal", "--ledger", notALedger] + c)
        #expect(refused.status == 1 && refused.errors.split(separator: "\n").count == 1, "\(refused.errors)")
        #expect(refused.errors.hasSuffix("(name the server's ledger with --ledger FILE)\n"))
        #expect(try tessera(["offer", "delete", "club-deal"] + c).output == "deleted offer 'club-deal'\n")
        #expect(try tessera(["offer", "list", "--json"] + c).output == "[]\n")
        #expect(try tessera(["offer", "add", "X", "--audience", "nobody"] + c).status == 1)
        #expect(try tessera(["offer", "add", "X", "--audience", "jazz-club", "--event", "none", "--event", "a"] + c).status == 2)
    }

    @Test func theCatalogCommandsExplainThemselves() throws {
        for command in ["event", "ticket", "seat", "offer"] {
            let help = try tessera([command, "--help"])
            #expect(help.status == 0 && help.output.hasPrefix("usage: tessera \(command)"), "\(command)")
        }
        let offerHelp = try tessera(["offer", "--help"]).output
        for column in CatalogColumn.offers {
            #expect(offerHelp.contains("--\(column.option)"), "offer --help names --\(column.option)")
        }
    }
}

extension CommandLineTests {
    @Test func audiencesAndMemberSearchAlsoSpeakJSON() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let catalog = directory.appendingPathComponent("demo.db").path
        try tessera(["init", "--catalog", catalog, "--demo"])
        let c = ["--catalog", catalog]
        #expect(
            try tessera(["audience", "show", "VIP codes", "--json"] + c).output
                == #"{"id":"vip-codes","name":"VIP codes","description":"The hand-written VIP sheet: each code opens one named seat","active":true,"source_event_id":null,"members":2,"codes":2,"attendees":0,"offers":[{"id":"seat-unlock","name":"VIP seats","enabled":true}]}"#
                + "\n")
        let list = try tessera(["audience", "list", "--json"] + c).output
        #expect(list.hasPrefix(#"[{"id":"club","name":"Tessera Club""#) && list.hasSuffix("}]\n"))
        #expect(list.components(separatedBy: #""source_event_id""#).count == 15, "14 audiences")
        let found = try tessera(["members", "search", "vip321", "--json"] + c)
        #expect(found.status == 0)
        #expect(
            found.output
                == #"{"total":1,"members":[{"id":1,"audience_id":"vip-codes","name":null,"code":"VIP321","email":null,"customer_id":null,"quantity":1,"category":null,"seat":"North-1","location":null,"valid_from":null,"valid_until":null}]}"#
                + "\n")
        let none = try tessera(["members", "search", "nobody", "--json"] + c)
        #expect(none.status == 1 && none.output == #"{"total":0,"members":[]}"# + "\n")
    }
}

extension CommandLineTests {
    /// `offer delete` reads the ledger `serve` would write: --ledger, else the config file's
    /// `ledger`, else CATALOG.ledger.
    @Test func offerDeleteLooksForUsageInTheLedgerServeWouldUse() throws {
        let (directory, catalog) = try emptyCatalog()
        defer { try? FileManager.default.removeItem(at: directory) }
        try tessera(["audience", "create", "Club", "--catalog", catalog])
        for name in ["a", "b", "c"] {
            #expect(try tessera(["offer", "add", name, "--audience", "club", "--catalog", catalog]).status == 0)
        }
        let notALedger = directory.appendingPathComponent("notes.txt").path
        try Data("hello".utf8).write(to: URL(fileURLWithPath: notALedger))
        let config = directory.appendingPathComponent("tessera.conf").path
        try Data("catalog = \(catalog)\nledger = \(notALedger)\n".utf8).write(to: URL(fileURLWithPath: config))

        let viaConfig = try tessera(["offer", "delete", "a", "--config", config])
        #expect(viaConfig.status == 1 && viaConfig.errors.hasPrefix("tessera offer: \(notALedger): "))
        #expect(try tessera(["offer", "delete", "a", "--config", config, "--ledger", catalog + ".ledger"]).status == 0)
        try Data("hello".utf8).write(to: URL(fileURLWithPath: catalog + ".ledger"))
        let byDefault = try tessera(["offer", "delete", "b", "--catalog", catalog])
        #expect(byDefault.status == 1 && byDefault.errors.hasPrefix("tessera offer: \(catalog).ledger: "))
        #expect(try tessera(["offer", "list", "--json", "--catalog", catalog]).output.hasPrefix(#"[{"id":"b""#))
    }
}
