import TesseraStore

/// `tessera init`: a new catalog file with the SPEC §2 schema.
enum InitCommand: TesseraCommand {
    static let name = "init"
    static let summary = "create a new, empty catalog file"
    static let help = """
        usage: tessera init --catalog FILE [--demo]

        Creates FILE with the catalog tables of the contract (SPEC §2) and no rows, ready for
        `tessera audience create` and `tessera import`. With --demo it holds the demo catalog
        (config/demo-catalog.sql) instead. Never overwrites: an existing FILE is an error.

        """

    static func run(_ arguments: [String]) -> Int32 {
        runCommand(name) {
            let list = try OptionList(arguments, flags: ["demo"])
            try list.check(known: ["catalog", "config", "demo"])
            let path = try catalogPath(list)
            try CatalogEditor.create(path: path, demo: list.has("demo"))
            print("created catalog \(path)\(list.has("demo") ? " with the demo data" : "")")
            return 0
        }
    }
}
