import TesseraStore

/// `tessera offer …`: offers with every column of SPEC §2 and §7, and their events and
/// ticket types.
enum OfferCommand: TesseraCommand {
    static let name = "offer"
    static let summary = "list, show, add, set, enable, disable, delete offers"
    static let help = """
        usage: tessera offer list     --catalog FILE [--json]
               tessera offer show     OFFER --catalog FILE [--json]
               tessera offer add      NAME --audience AUDIENCE --catalog FILE [--id ID] [--disabled] [OPTIONS]
               tessera offer set      OFFER --catalog FILE [--name NAME] [--audience AUDIENCE] [OPTIONS]
               tessera offer enable   OFFER --catalog FILE
               tessera offer disable  OFFER --catalog FILE
               tessera offer delete   OFFER --catalog FILE [--ledger FILE]

        OPTIONS, one per column of the offers table (none clears a column that may be empty):
          --unlock login|code|any        how a member is recognised (default any)
          --promo-code CODE|none         the request must also present this code
          --discount none|percent|amount|price  and --value N (percent 0..100, else minor units)
          --per-member N|none            units per member (for members without a quantity)
          --per-order N|none             most units in one hold
          --total N|none                 units over all members, events and time
          --scope event|all              member limits count per event, or across events
          --period day|week|month|year|none  member limits reset each period
          --timezone ZONE                IANA zone for the periods (default UTC)
          --valid-from TIME|none, --valid-until TIME|none
          --min-order N|none             fewest units in one hold
          --budget N|none                most discount money given away, in minor units
          --event EVENT                  an event the offer is for (repeat; none: every event)
          --ticket TICKET                a ticket type it sells (repeat; none: every ticket type)

        OFFER, AUDIENCE, EVENT and TICKET are ids, or names when one row has the name. `add`
        makes the id from the name unless --id is given. `set` changes only what is given; its
        --event and --ticket replace the offer's events or ticket types as a whole. --min-order
        and --budget add their column to a catalog that lacks it. Every change is checked as
        the server checks a catalog it loads, and refused with the server's message (table,
        row, problem) if it would break the catalog. `disable` keeps the offer, its links and
        its usage, and grants nothing until `enable`. `delete` refuses while the ledger
        (<catalog>.ledger, the config's ledger, or --ledger FILE; read, never written) has usage
        of the offer: disable it instead. A running server sees changes after `tessera reload`.

        """

    static func run(_ arguments: [String]) -> Int32 {
        runCommand(name) {
            let (verb, rest) = try subcommand(
                arguments, ["list", "show", "add", "set", "enable", "disable", "delete"])
            switch verb {
            case "list": return try list(rest)
            case "show": return try show(rest)
            case "add": return try add(rest)
            case "set": return try set(rest)
            case "enable", "disable": return try enable(rest, verb == "enable")
            default: return try delete(rest)
            }
        }
    }

    private static let columns = CatalogColumn.offers
    private static let links: Set<String> = ["event", "ticket"]

    private static func list(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: ["json"])
        try options.check(known: CatalogOptions.catalog.union(["json"]))
        let offers = try openCatalog(options).offers()
        if options.has("json") {
            print(JSONOutput.array(offers.map(json)).text)
            return 0
        }
        var table = TextTable(header: [
            "ID", "NAME", "AUDIENCE", "ENABLED", "DISCOUNT", "PER MEMBER", "TOTAL", "PERIOD", "EVENTS", "TICKETS",
        ])
        for offer in offers {
            table.add([
                offer.id, offer.name, offer.audienceID, offer.enabled ? "yes" : "no", discount(offer),
                limit(offer.perMember), limit(offer.total), offer.period.map { "\($0) (\(offer.timezone))" } ?? "-",
                offer.events.isEmpty ? "all" : CatalogOptions.list(offer.events),
                offer.ticketTypes.isEmpty ? "all" : CatalogOptions.list(offer.ticketTypes),
            ])
        }
        table.lines.forEach { print($0) }
        return 0
    }

    private static func show(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: ["json"], positionals: 1)
        try options.check(known: CatalogOptions.catalog.union(["json"]))
        let offer = try openCatalog(options).offer(try options.positional(0, "OFFER"))
        if options.has("json") {
            print(json(offer).text)
            return 0
        }
        CatalogOptions.printFields([
            ("id", offer.id), ("name", offer.name), ("audience", offer.audienceID),
            ("enabled", offer.enabled ? "yes" : "no"), ("unlock", offer.unlock), ("promo code", shown(offer.promoCode)),
            ("discount", discount(offer)), ("per member", limit(offer.perMember)),
            ("per order", limit(offer.perOrder)), ("min order", offer.minOrder.map(String.init) ?? "-"),
            ("total", limit(offer.total)), ("budget", limit(offer.budget)), ("scope", offer.scope),
            ("period", offer.period ?? "none"), ("timezone", offer.timezone), ("valid from", shown(offer.validFrom)),
            ("valid until", shown(offer.validUntil)),
            ("events", offer.events.isEmpty ? "all" : CatalogOptions.list(offer.events)),
            ("ticket types", offer.ticketTypes.isEmpty ? "all of its events" : CatalogOptions.list(offer.ticketTypes)),
        ])
        return 0
    }

    private static func add(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: ["disabled"], positionals: 1)
        try options.check(
            known: CatalogOptions.catalog.union(CatalogOptions.names(columns)).union(links).union(["id", "disabled"]))
        var values = CatalogOptions.values(options, columns)
        try CatalogOptions.name(options, &values)
        let id = try openCatalog(options).addOffer(
            id: options.value("id"), values, enabled: !options.has("disabled"),
            events: try CatalogOptions.links(options, "event") ?? [],
            ticketTypes: try CatalogOptions.links(options, "ticket") ?? [])
        print(
            "added offer '\(values["name"]?.trimmedName ?? id)' (id \(id))\(options.has("disabled") ? ", disabled" : "")")
        return 0
    }

    private static func set(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: [], positionals: 1)
        try options.check(known: CatalogOptions.catalog.union(CatalogOptions.names(columns)).union(links))
        let reference = try options.positional(0, "OFFER")
        let values = CatalogOptions.values(options, columns)
        let events = try CatalogOptions.links(options, "event")
        let tickets = try CatalogOptions.links(options, "ticket")
        guard !values.isEmpty || events != nil || tickets != nil else {
            throw UsageError("nothing to set: give the options to change")
        }
        try openCatalog(options).setOffer(reference, values, events: events, ticketTypes: tickets)
        print("updated offer '\(reference)'")
        return 0
    }

    private static func enable(_ arguments: [String], _ enabled: Bool) throws -> Int32 {
        let options = try OptionList(arguments, flags: [], positionals: 1)
        try options.check(known: CatalogOptions.catalog)
        let reference = try options.positional(0, "OFFER")
        let changed = try openCatalog(options).setEnabled(offer: reference, enabled)
        print("offer '\(reference)' \(changed ? "is now" : "was already") \(enabled ? "enabled" : "disabled")")
        return 0
    }

    private static func delete(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: [], positionals: 1)
        try options.check(known: CatalogOptions.catalog.union(["ledger"]))
        let reference = try options.positional(0, "OFFER")
        let ledger = try CatalogOptions.ledgerPath(options)
        let id = try openCatalog(options).deleteOffer(reference, ledgerPath: ledger)
        print("deleted offer '\(id)'")
        return 0
    }

    private static func discount(_ offer: OfferRecord) -> String {
        switch offer.discount {
        case "none": "none"
        case "percent": "\(offer.value)% off"
        case "amount": "\(offer.value) off"
        case "price": "price \(offer.value)"
        default: "\(offer.discount) \(offer.value)"
        }
    }

    private static func limit(_ n: Int?) -> String { n.map(String.init) ?? "unlimited" }

    static func json(_ offer: OfferRecord) -> JSONOutput {
        .object([
            ("id", .string(offer.id)), ("name", .string(offer.name)), ("audience_id", .string(offer.audienceID)),
            ("enabled", .bool(offer.enabled)), ("unlock", .string(offer.unlock)),
            ("promo_code", .optional(offer.promoCode)), ("discount", .string(offer.discount)),
            ("value", .int(offer.value)), ("per_member", .optional(offer.perMember)),
            ("per_order", .optional(offer.perOrder)), ("total", .optional(offer.total)),
            ("scope", .string(offer.scope)), ("period", .optional(offer.period)), ("timezone", .string(offer.timezone)),
            ("valid_from", .optional(offer.validFrom)), ("valid_until", .optional(offer.validUntil)),
            ("min_order", .optional(offer.minOrder)), ("budget", .optional(offer.budget)),
            ("events", .strings(offer.events)), ("ticket_types", .strings(offer.ticketTypes)),
        ])
    }
}
