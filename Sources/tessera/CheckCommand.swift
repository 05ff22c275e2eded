import TesseraCore
import TesseraServer

/// `tessera check`: validates a catalog file offline with exactly the checks and messages
/// the server applies when it loads one (start-up, RELOAD), so a back office can check a
/// file before it ships it and a script can act on the exit status.
enum CheckCommand: TesseraCommand {
    static let name = "check"
    static let summary = "check a catalog file as the server would load it"
    static let help = """
        usage: tessera check CATALOG
               tessera check --catalog FILE | --config FILE

        Reads the catalog as `tessera serve` and RELOAD do, with the same checks, and prints
        either `CATALOG: ok: offers=<n> members=<n> events=<n> ticket_types=<n>` (exit 0) or the
        first problem the server would refuse it for, naming the table, the row and the
        problem (exit 1). Nothing is written.

        """

    static func run(_ arguments: [String]) -> Int32 {
        runCommand(name) {
            let list = try OptionList(arguments, flags: [], positionals: 1)
            try list.check(known: ["catalog", "config"])
            let path = try list.positionals.first ?? catalogPath(list)
            do {
                let catalog = try CatalogSource.file(path).load()
                print(
                    "\(path): ok: offers=\(catalog.offers.count) members=\(catalog.memberCount) "
                        + "events=\(catalog.events.count) ticket_types=\(catalog.ticketTypes.count)")
                return 0
            } catch {
                printError("\(path): \(error)")
                return 1
            }
        }
    }
}
