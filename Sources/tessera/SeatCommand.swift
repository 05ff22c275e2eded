import TesseraStore

/// `tessera seat …`: the seats of an event, one at a time or from a sheet.
enum SeatCommand: TesseraCommand {
    static let name = "seat"
    static let summary = "list, add, delete seats, or import a seat map sheet"
    static let help = """
        usage: tessera seat list    --catalog FILE [--event EVENT] [--json]
               tessera seat add     LABEL --event EVENT --catalog FILE [--category C] [--locked=yes|no]
               tessera seat delete  LABEL --event EVENT --catalog FILE
               tessera seat import  SHEET --event EVENT --catalog FILE [--separator ,|;|tab]

        A seat is locked unless --locked=no: only a code unlocks it (a member's seat, or a
        member's category for a locked seat of that category). `import` reads a CSV sheet whose
        header names the columns label (or seat), category and locked (yes/no), in any order;
        a new label adds a seat (locked when the sheet says nothing), a label the event has
        updates the columns the sheet has, an empty category clears it. The whole sheet or
        nothing: the first bad line stops it, naming the line. Every change is checked as the
        server checks a catalog it loads. A running server sees changes after `tessera reload`.

        """

    static func run(_ arguments: [String]) -> Int32 {
        runCommand(name) {
            let (verb, rest) = try subcommand(arguments, ["list", "add", "delete", "import"])
            switch verb {
            case "list": return try list(rest)
            case "add": return try add(rest)
            case "delete": return try delete(rest)
            default: return try importSheet(rest)
            }
        }
    }

    private static let columns = CatalogColumn.seats

    private static func list(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: ["json"])
        try options.check(known: CatalogOptions.catalog.union(["json", "event"]))
        let seats = try openCatalog(options).seats(event: options.value("event"))
        if options.has("json") {
            print(JSONOutput.array(seats.map(json)).text)
            return 0
        }
        var table = TextTable(header: ["EVENT", "LABEL", "CATEGORY", "LOCKED"])
        for seat in seats { table.add([seat.eventID, seat.label, shown(seat.category), seat.locked ? "yes" : "no"]) }
        table.lines.forEach { print($0) }
        return 0
    }

    private static func add(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: CatalogOptions.flags(columns), positionals: 1)
        try options.check(known: CatalogOptions.catalog.union(CatalogOptions.names(columns)).union(["event"]))
        let label = try options.positional(0, "LABEL")
        let event = try options.required("event")
        try openCatalog(options).addSeat(event: event, label: label, CatalogOptions.values(options, columns))
        print("added seat '\(label.trimmedName)' to event '\(event)'")
        return 0
    }

    private static func delete(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: [], positionals: 1)
        try options.check(known: CatalogOptions.catalog.union(["event"]))
        let label = try options.positional(0, "LABEL")
        let event = try options.required("event")
        try openCatalog(options).deleteSeat(event: event, label: label)
        print("deleted seat '\(label)' of event '\(event)'")
        return 0
    }

    private static func importSheet(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: [], positionals: 1)
        try options.check(known: CatalogOptions.catalog.union(["event", "separator"]))
        var file = try options.positional(0, "the SHEET to import")
        if file == "-" { file = "/dev/stdin" }
        let event = try options.required("event")
        let separator = try options.value("separator").map(CSVSeparator.parse)
        let catalog = try openCatalog(options)
        let result = try catalog.importSeats(event: event, from: try CSVReader(path: file, separator: separator))
        print("event '\(event)': \(result.added) seat\(result.added == 1 ? "" : "s") added, \(result.updated) updated")
        return 0
    }

    static func json(_ seat: SeatRecord) -> JSONOutput {
        .object([
            ("event_id", .string(seat.eventID)), ("label", .string(seat.label)), ("category", .optional(seat.category)),
            ("locked", .bool(seat.locked)),
        ])
    }
}
