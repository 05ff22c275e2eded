import TesseraStore

/// `tessera event …`: events, by id or name.
enum EventCommand: TesseraCommand {
    static let name = "event"
    static let summary = "list, show, add, set, delete events"
    static let help = """
        usage: tessera event list    --catalog FILE [--json]
               tessera event show    EVENT --catalog FILE [--json]
               tessera event add     NAME --catalog FILE [--id ID] [--starts-at TIME]
               tessera event set     EVENT --catalog FILE [--name NAME] [--starts-at TIME|none]
               tessera event delete  EVENT --catalog FILE

        EVENT is an event's id, or its name when one event has it. `add` makes the id from the
        name unless --id is given. TIME reads like 2027-03-01 or 2027-03-01T20:00:00+01:00;
        none clears it. Every change is checked as the server checks a catalog it loads, and
        refused with the server's message (table, row, problem) if it would break the catalog.
        `delete` refuses while ticket types, seats, offers or audiences refer to the event.
        --config FILE may name the catalog instead of --catalog. A running server sees changes
        after `tessera reload`.

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

    private static let columns = CatalogColumn.events

    private static func list(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: ["json"])
        try options.check(known: CatalogOptions.catalog.union(["json"]))
        let events = try openCatalog(options).events()
        if options.has("json") {
            print(JSONOutput.array(events.map(json)).text)
            return 0
        }
        var table = TextTable(header: ["ID", "NAME", "STARTS AT", "TICKET TYPES", "SEATS", "OFFERS"])
        for event in events {
            table.add([
                event.id, event.name, shown(event.startsAt), CatalogOptions.list(event.ticketTypes), String(event.seats),
                CatalogOptions.list(event.offers),
            ])
        }
        table.lines.forEach { print($0) }
        return 0
    }

    private static func show(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: ["json"], positionals: 1)
        try options.check(known: CatalogOptions.catalog.union(["json"]))
        let event = try openCatalog(options).event(try options.positional(0, "EVENT"))
        if options.has("json") {
            print(json(event).text)
            return 0
        }
        CatalogOptions.printFields([
            ("id", event.id), ("name", event.name), ("starts at", shown(event.startsAt)),
            ("ticket types", CatalogOptions.list(event.ticketTypes)), ("seats", String(event.seats)),
            ("offers", CatalogOptions.list(event.offers)),
            ("audiences", CatalogOptions.list(event.audiences)),
        ])
        return 0
    }

    private static func add(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: [], positionals: 1)
        try options.check(known: CatalogOptions.catalog.union(CatalogOptions.names(columns)).union(["id"]))
        var values = CatalogOptions.values(options, columns)
        try CatalogOptions.name(options, &values)
        let id = try openCatalog(options).addEvent(id: options.value("id"), values)
        print("added event '\(values["name"]?.trimmedName ?? id)' (id \(id))")
        return 0
    }

    private static func set(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: [], positionals: 1)
        try options.check(known: CatalogOptions.catalog.union(CatalogOptions.names(columns)))
        let reference = try options.positional(0, "EVENT")
        let values = CatalogOptions.values(options, columns)
        guard !values.isEmpty else { throw UsageError("nothing to set: give --name or --starts-at") }
        try openCatalog(options).setEvent(reference, values)
        print("updated event '\(reference)'")
        return 0
    }

    private static func delete(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: [], positionals: 1)
        try options.check(known: CatalogOptions.catalog)
        let id = try openCatalog(options).deleteEvent(try options.positional(0, "EVENT"))
        print("deleted event '\(id)'")
        return 0
    }

    static func json(_ event: EventRecord) -> JSONOutput {
        .object([
            ("id", .string(event.id)), ("name", .string(event.name)), ("starts_at", .optional(event.startsAt)),
            ("ticket_types", .strings(event.ticketTypes)), ("seats", .int(event.seats)),
            ("offers", .strings(event.offers)), ("audiences", .strings(event.audiences)),
        ])
    }
}
