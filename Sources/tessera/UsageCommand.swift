import Glibc
import TesseraClient
import TesseraCore
import TesseraProtocol
import TesseraServer
import TesseraStore

/// `tessera usage`: who used what, and what is left, while the server runs. Reports read
/// the ledger (read-only, a snapshot of what is committed: the server never waits for them)
/// and count exactly as the server counts; a change (releasing a stuck hold) goes through
/// the running server's RELEASE, never behind its back.
enum UsageCommand: TesseraCommand {
    static let name = "usage"
    static let summary = "who used what and what is left: per offer, per person, holds"
    static let help = """
        usage: tessera usage offers         --catalog FILE [--ledger FILE] [--at TIME] [--json]
               tessera usage offer  OFFER   --catalog FILE [--ledger FILE] [--at TIME] [--json]
               tessera usage person (--email E | --customer ID | --code C)… [--event EVENT] --catalog FILE
                                    [--ledger FILE] [--at TIME] [--json]
               tessera usage holds  OFFER   --catalog FILE [--ledger FILE] [--at TIME] [--json]
               tessera usage hold   ID      --catalog FILE [--ledger FILE] [--json]
               tessera usage release ID     [--server HOST:PORT] [--token T] [--config FILE]

        `offers` lists every offer with units held (live holds) and committed, what is left of
        its total and of its budget. `offer` adds the live units per period. `person` shows, per
        event (or --event) and per offer the person is granted, the units they used where the
        server counts them now (this event or all, this period) and what they have left (EVAL's
        remaining, max_order, budget_left). `holds` lists the live holds and commits of an
        offer; `hold` shows one hold whole (its units with their amounts, its partial refunds).
        `release` gives a stuck hold back through the running server (RELEASE id=ID), with
        --server and --token as `tessera reload` takes them.

        The ledger is --ledger, else the config file's, else CATALOG.ledger. Usage is counted
        as of --at TIME (default now), as the server counts it at that time. --config FILE may
        name the catalog and the ledger. --json writes one JSON document for scripts.

        """

    static func run(_ arguments: [String]) -> Int32 {
        runCommand(name) {
            guard let verb = arguments.first else { throw UsageError("missing what to show: offers, offer, person, …") }
            let rest = Array(arguments.dropFirst())
            switch verb {
            case "offers": return try offers(rest)
            case "offer": return try offer(rest)
            case "person": return try person(rest)
            case "holds": return try holds(rest)
            case "hold": return try hold(rest)
            case "release": return try release(rest)
            default: throw UsageError("unknown sub-command '\(verb)'")
            }
        }
    }

    private static let common: Set<String> = ["catalog", "config", "ledger", "at", "json"]

    /// The catalog served (the server's loader and checks), and the usage book the ledger
    /// gives at the instant asked about.
    private struct Source {
        var catalog: Catalog
        var book: UsageBook
        var now: Instant
    }

    private static func source(_ list: OptionList) throws -> Source {
        var configuration = ServeConfiguration()
        if let config = list.value("config") { try ConfigFile.apply(path: config, to: &configuration) }
        let catalogPath = try catalogPath(list)
        configuration.catalog = catalogPath
        let ledger = list.value("ledger") ?? configuration.ledgerPath
        let catalog = try CatalogSource.file(catalogPath).load()
        let now: Instant
        if let at = list.value("at") {
            guard let instant = Instant(iso8601: at) else { throw UsageError("--at must be a time like 2026-12-02T12:00:00Z") }
            now = instant
        } else {
            now = Instant(seconds: Int64(time(nil)))
        }
        let records = access(ledger, F_OK) == 0 ? try LedgerReader.holds(path: ledger) : []
        return Source(catalog: catalog, book: UsageBook(records: records, at: now), now: now)
    }

    private static func print(json: JSONOutput) { Swift.print(json.text) }

    private static func limit(_ value: Int?) -> String { value.map(String.init) ?? "unlimited" }
    private static func none(_ value: Int?) -> String { value.map(String.init) ?? "-" }

    private static func offers(_ arguments: [String]) throws -> Int32 {
        let list = try OptionList(arguments, flags: ["json"])
        try list.check(known: common)
        let s = try source(list)
        let rows = s.catalog.offers.compactMap { s.catalog.usage(ofOffer: $0.id, in: s.book) }
        if list.has("json") {
            print(json: .array(rows.map(Self.json)))
            return 0
        }
        var table = TextTable(header: ["OFFER", "HELD", "COMMITTED", "TOTAL", "LEFT", "BUDGET", "BUDGET LEFT"])
        for r in rows {
            table.add([r.offerID, String(r.held), String(r.committed), none(r.total), limit(r.left), none(r.budget),
                       r.budgetLeft.map(String.init) ?? "-"])
        }
        table.lines.forEach { Swift.print($0) }
        return 0
    }

    private static func offer(_ arguments: [String]) throws -> Int32 {
        let list = try OptionList(arguments, flags: ["json"], positionals: 1)
        try list.check(known: common)
        let id = try list.positional(0, "OFFER")
        let s = try source(list)
        guard let r = s.catalog.usage(ofOffer: id, in: s.book) else {
            throw AdminError("no offer '\(id)' in the catalog or the ledger")
        }
        if list.has("json") {
            print(json: json(r))
            return 0
        }
        var table = TextTable(header: ["offer", "\(r.offerID) (\(r.name))"])
        table.add(["held", "\(r.held) units in live holds"])
        table.add(["committed", "\(r.committed) units"])
        table.add(["holds", "\(r.holds) live holds and commits"])
        table.add(["total", r.total.map { "\($0), \(r.left ?? 0) left" } ?? "none"])
        table.add(["budget", r.budget.map { "\($0), \(r.moneyInUse) in use, \(r.budgetLeft ?? 0) left" } ?? "none"])
        for p in r.periods {
            table.add([p.start.map { "period from \($0.iso8601)" } ?? "all time", "\(p.units) units"])
        }
        table.lines.forEach { Swift.print($0) }
        return 0
    }

    private static func person(_ arguments: [String]) throws -> Int32 {
        let list = try OptionList(arguments, flags: ["json"])
        try list.check(known: common.union(["email", "customer", "code", "event"]))
        let codes = list.options.filter { $0.name == "code" }.compactMap(\.value)
        guard list.value("email") != nil || list.value("customer") != nil || !codes.isEmpty else {
            throw UsageError("name the person: --email E, --customer ID or --code C")
        }
        let s = try source(list)
        let shopper = Shopper(customer: list.value("customer"), email: list.value("email"), codes: codes)
        var events = (0..<s.catalog.events.count).map { Event.Index($0) }
        if let id = list.value("event") {
            guard let e = s.catalog.eventByID[id] else { throw AdminError("no event '\(id)' in the catalog") }
            events = [e]
        }
        let rows = s.catalog.usage(of: shopper, at: events, now: s.now, in: s.book)
        if list.has("json") {
            print(json: .array(rows.map(Self.json)))
            return 0
        }
        guard !rows.isEmpty else {
            Swift.print("nothing granted now")
            return 1
        }
        var table = TextTable(header: ["EVENT", "OFFER", "VIA", "USED", "LEFT", "MAX ORDER", "BUDGET LEFT"])
        for r in rows {
            let via: String = r.via == .login ? "login" : "code"
            table.add([r.eventID, r.offerID, via, String(r.used), limit(r.remaining),
                       limit(r.maxOrder), r.budgetLeft.map(String.init) ?? "-"])
        }
        table.lines.forEach { Swift.print($0) }
        return 0
    }

    private static func holds(_ arguments: [String]) throws -> Int32 {
        let list = try OptionList(arguments, flags: ["json"], positionals: 1)
        try list.check(known: common)
        let id = try list.positional(0, "OFFER")
        let s = try source(list)
        let records = s.catalog.liveHolds(ofOffer: id, in: s.book)
        func units(_ r: HoldRecord) -> Int { r.takes.first { $0.offerID == id }?.quantity ?? 0 }
        if list.has("json") {
            print(json: .array(records.map { r in
                .object([
                    ("id", .string(r.id)), ("state", .string(r.state.rawValue)), ("units", .int(units(r))),
                    ("created", .string(r.createdAt.iso8601)), ("expires", .string(r.expiresAt.iso8601)),
                    ("order", .optional(r.order)),
                ])
            }))
            return 0
        }
        var table = TextTable(header: ["HOLD", "STATE", "UNITS", "CREATED", "EXPIRES", "ORDER"])
        for r in records {
            table.add([r.id, r.state.rawValue, String(units(r)), r.createdAt.iso8601,
                       r.state == .committed ? "-" : r.expiresAt.iso8601, r.order ?? "-"])
        }
        table.lines.forEach { Swift.print($0) }
        Swift.print("\(id): \(records.count) live (held or committed)")
        return 0
    }

    private static func hold(_ arguments: [String]) throws -> Int32 {
        let list = try OptionList(arguments, flags: ["json"], positionals: 1)
        try list.check(known: common)
        let id = try list.positional(0, "ID")
        let s = try source(list)
        guard let r = s.book.holds[id] else { throw AdminError("no hold '\(id)' in the ledger") }
        let state = r.state == .held && !s.book.counts(r) ? "expired" : r.state.rawValue
        if list.has("json") {
            print(json: .object([
                ("id", .string(r.id)), ("state", .string(state)), ("created", .string(r.createdAt.iso8601)),
                ("expires", .string(r.expiresAt.iso8601)), ("order", .optional(r.order)),
                ("takes", .array(r.takes.map { t in
                    .object([
                        ("offer", .string(t.offerID)), ("units", .int(t.quantity)), ("amount", .int(t.amount)),
                        ("tickets", .array(t.units.map { .object([("ticket", .string($0.ticketID)), ("amount", .int($0.amount))]) })),
                    ])
                })),
                ("refunds", .array(r.refunds.map { f in
                    .object([
                        ("refund", .string(f.id)), ("at", .string(f.at.iso8601)),
                        ("items", .array(f.items.map { .string("\($0.offerID):\($0.ticketID):\($0.quantity)") })),
                    ])
                })),
            ]))
            return 0
        }
        var table = TextTable(header: ["hold", r.id])
        table.add(["state", state])
        table.add(["created", r.createdAt.iso8601])
        table.add(["expires", r.expiresAt.iso8601])
        table.add(["order", r.order ?? "-"])
        for t in r.takes {
            var tickets: [(String, Int, Int)] = []  // ticket, units, amount each
            for unit in t.units {
                if let last = tickets.last, last.0 == unit.ticketID, last.2 == unit.amount {
                    tickets[tickets.count - 1].1 += 1
                } else {
                    tickets.append((unit.ticketID, 1, unit.amount))
                }
            }
            let detail = tickets.map { "\($0.1) × \($0.0) (\($0.2) off each)" }.joined(separator: ", ")
            table.add(["offer \(t.offerID)", "\(t.quantity) units\(detail.isEmpty ? "" : ": " + detail)"])
        }
        for f in r.refunds {
            let items = f.items.map { "\($0.offerID):\($0.ticketID):\($0.quantity)" }.joined(separator: " ")
            table.add(["refund \(f.id)", "\(f.at.iso8601): \(items)"])
        }
        table.lines.forEach { Swift.print($0) }
        return 0
    }

    private static func release(_ arguments: [String]) throws -> Int32 {
        let list = try OptionList(arguments, flags: [], positionals: 1)
        try list.check(known: ["server", "token", "config", "timeout-seconds"])
        let id = try list.positional(0, "ID")
        let client = try Client(serverOptions(list))
        let reply = try client.request(.release(id: id))
        _ = try? client.request(.quit)
        reply.lines.forEach { Swift.print(PercentCoding.readable($0)) }
        return reply.isOK ? 0 : 1
    }

    private static func json(_ r: PersonUsage) -> JSONOutput {
        let via: String = r.via == .login ? "login" : "code"
        return .object([
            ("event", .string(r.eventID)), ("offer", .string(r.offerID)), ("name", .string(r.name)),
            ("via", .string(via)), ("used", .int(r.used)), ("remaining", .optional(r.remaining)),
            ("max_order", .optional(r.maxOrder)), ("budget_left", .optional(r.budgetLeft)),
        ])
    }

    private static func json(_ r: OfferUsage) -> JSONOutput {
        .object([
            ("offer", .string(r.offerID)), ("name", .string(r.name)), ("held", .int(r.held)),
            ("committed", .int(r.committed)), ("holds", .int(r.holds)), ("total", .optional(r.total)),
            ("left", .optional(r.left)), ("budget", .optional(r.budget)), ("money_in_use", .int(r.moneyInUse)),
            ("budget_left", .optional(r.budgetLeft)),
            ("periods", .array(r.periods.map { .object([("start", .optional($0.start?.iso8601)), ("units", .int($0.units))]) })),
        ])
    }
}
