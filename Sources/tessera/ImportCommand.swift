import TesseraStore

/// `tessera import`: a sheet of members into one audience.
enum ImportCommand: TesseraCommand {
    static let name = "import"
    static let summary = "import members into an audience from a CSV sheet"
    static let help = """
        usage: tessera import FILE --audience NAME --catalog FILE [--separator ,|;|tab] [--no-header]
                              [--map FIELD=COLUMN,…] [--update] [--strict] [--dry-run]

        Reads FILE (CSV per RFC 4180, UTF-8 with or without BOM; - reads standard input) and
        adds one member per row to the audience, all in one transaction. The separator (, ; or
        tab) is detected from the first line unless given. The header row names the columns,
        in any case and order: Code or Barcode, Email, Customer, Quantity or Number of tickets,
        Category, Seat or Seat Label, Location, Valid from, Valid until; other columns are
        ignored (and listed). Without a header, --no-header --map code=1,quantity=2 says which
        column (counting from 1) holds what; with a header, --map may also name columns.

        Every row is checked: it needs a code, an e-mail or a customer; quantity is a whole
        number of 0 or more (empty: the offer's per_member); e-mails must look like addresses;
        times read like 2026-12-01 or 2026-12-01T19:00:00+01:00. One person is one member of
        an audience: a row whose code or e-mail (compared as the server compares them: trimmed,
        case-insensitive) or customer id (exactly) a member of the audience already has is
        rejected, naming that member's id, and so is a row with a value an earlier line has,
        naming that line. Attendees and other audiences do not count. Importing the same sheet
        twice therefore adds nobody the second time.

        --update updates the member a row matches instead, for a corrected sheet: the columns
        the sheet has are set from the row (an empty cell clears that column), the others keep
        their values, and the member keeps its id and usage. A row matching two different
        members, or a value of an earlier line, is rejected even then.

        Rejected rows are listed with their line numbers; the others are imported. --strict
        imports nothing when any row is rejected; --dry-run only reports. The report counts the
        members added (and, with --update, updated) and the rows rejected. Exit status: 0 when
        no row was rejected, 1 when any was or the file could not be used, 2 on a usage
        mistake. A running server sees the members after `tessera reload`.

        """

    static func run(_ arguments: [String]) -> Int32 {
        runCommand(name) {
            let options = try OptionList(arguments, flags: ["no-header", "strict", "dry-run", "update"], positionals: 1)
            try options.check(known: [
                "catalog", "config", "audience", "separator", "no-header", "map", "strict", "dry-run", "update",
            ])
            var file = try options.positional(0, "the FILE to import")
            if file == "-" { file = "/dev/stdin" }
            let audience = try options.required("audience")
            let separator = try options.value("separator").map(CSVSeparator.parse)
            let catalog = try openCatalog(options)
            let reader = try CSVReader(path: file, separator: separator)
            let progress = ProgressLine("importing \(file)")
            var importOptions = ImportOptions(
                hasHeader: !options.has("no-header"), map: options.value("map"), strict: options.has("strict"),
                dryRun: options.has("dry-run"), update: options.has("update"))
            importOptions.progress = progress.update
            let report: ImportReport
            do {
                report = try catalog.importMembers(into: audience, from: reader, options: importOptions)
                progress.finish()
            } catch {
                progress.finish()
                throw error
            }
            var out = StandardOutput()
            if !report.ignoredColumns.isEmpty {
                try out.line(
                    "ignored column\(report.ignoredColumns.count == 1 ? "" : "s"): "
                        + report.ignoredColumns.map { "'\($0)'" }.joined(separator: ", "))
            }
            for rejection in report.rejections { try out.line(rejection.description) }
            try out.line(report.summary)
            try out.flush()
            return report.rejections.isEmpty ? 0 : 1
        }
    }
}
