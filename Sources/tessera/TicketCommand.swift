import TesseraStore

/// `tessera ticket …`: ticket types, by id or name.
enum TicketCommand: TesseraCommand {
    static let name = "ticket"
    static let summary = "list, show, add, set, delete ticket types"
    static let help = """
        usage: tessera ticket list    --catalog FILE [--event EVENT] [--json]
               tessera ticket show    TICKET --catalog FILE [--json]
               tessera ticket add     NAME --event EVENT --price CENTS --catalog FILE [--id ID] [--exclusive]
               tessera ticket set     TICKET --catalog FILE [--name NAME] [--event EVENT] [--price CENTS]
                                      [--exclusive=yes|no]
               tessera ticket delete  TICKET --catalog FILE

        TICKET is a ticket type's id, or its name when one ticket type has it; EVENT likewise.
        `add` makes the id from the name unless --id is given. The price is in minor units
        (cents): 45000 is 450.00. An --exclusive ticket type is sold only through an offer
        that unlocks it. Every change is checked as the server checks a catalog it loads, and
        refused with the server's message if it would break the catalog. `delete` refuses while
        offers list the ticket type. A running server sees changes after `tessera reload`.

        """

    static func run(_ arguments: [String]) -> Int32 {
        runCommand(name) {
            let (verb, rest) = try subcommand(arguments, ["list", "show", "add", "set", "delete"])
            switch verb {
            case "list": return try list(rest)
            case "show": return try show(rest)
            case "add": return try add(rest)
            case "set": return try set(rest)
            default: return try delete(rest)
            }
        }
    }

    private static let columns = CatalogColumn.ticketTypes

    private static func list(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: ["json"])
        try options.check(known: CatalogOptions.catalog.union(["json", "event"]))
        let tickets = try openCatalog(options).ticketTypes(event: options.value("event"))
        if options.has("json") {
            print(JSONOutput.array(tickets.map(json)).text)
            return 0
        }
        var table = TextTable(header: ["ID", "EVENT", "NAME", "PRICE", "EXCLUSIVE", "OFFERS"])
        for ticket in tickets {
            table.add([
                ticket.id, ticket.eventID, ticket.name, String(ticket.price), ticket.exclusive ? "yes" : "no",
                CatalogOptions.list(ticket.offers),
            ])
        }
        table.lines.forEach { print($0) }
        return 0
    }

    private static func show(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: ["json"], positionals: 1)
        try options.check(known: CatalogOptions.catalog.union(["json"]))
        let ticket = try openCatalog(options).ticketType(try options.positional(0, "TICKET"))
        if options.has("json") {
            print(json(ticket).text)
            return 0
        }
        CatalogOptions.printFields([
            ("id", ticket.id), ("event", ticket.eventID), ("name", ticket.name), ("price", String(ticket.price)),
            ("exclusive", ticket.exclusive ? "yes" : "no"), ("offers", CatalogOptions.list(ticket.offers)),
        ])
        return 0
    }

    private static func add(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: CatalogOptions.flags(columns), positionals: 1)
        try options.check(known: CatalogOptions.catalog.union(CatalogOptions.names(columns)).union(["id"]))
        var values = CatalogOptions.values(options, columns)
        try CatalogOptions.name(options, &values)
        let id = try openCatalog(options).addTicketType(id: options.value("id"), values)
        print("added ticket type '\(values["name"]?.trimmedName ?? id)' (id \(id))")
        return 0
    }

    private static func set(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: CatalogOptions.flags(columns), positionals: 1)
        try options.check(known: CatalogOptions.catalog.union(CatalogOptions.names(columns)))
        let reference = try options.positional(0, "TICKET")
        let values = CatalogOptions.values(options, columns)
        guard !values.isEmpty else { throw UsageError("nothing to set: give --name, --event, --price or --exclusive") }
        try openCatalog(options).setTicketType(reference, values)
        print("updated ticket type '\(reference)'")
        return 0
    }

    private static func delete(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: [], positionals: 1)
        try options.check(known: CatalogOptions.catalog)
        let id = try openCatalog(options).deleteTicketType(try options.positional(0, "TICKET"))
        print("deleted ticket type '\(id)'")
        return 0
    }

    static func json(_ ticket: TicketTypeRecord) -> JSONOutput {
        .object([
            ("id", .string(ticket.id)), ("event_id", .string(ticket.eventID)), ("name", .string(ticket.name)),
            ("price", .int(ticket.price)), ("exclusive", .bool(ticket.exclusive)),
            ("offers", .strings(ticket.offers)),
        ])
    }
}
