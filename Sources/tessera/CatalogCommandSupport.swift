import TesseraServer
import TesseraStore

/// What `tessera event|ticket|seat|offer` share: options read from the column rows
/// (`CatalogColumn`), `--json`, and the `show` layout.
enum CatalogOptions {
    static let catalog: Set<String> = ["catalog", "config"]

    /// The option names of `columns`.
    static func names(_ columns: [CatalogColumn]) -> Set<String> { Set(columns.map(\.option)) }

    /// The flag options of `columns` (`--exclusive`, `--locked`): given alone they mean
    /// yes, `--exclusive=no` says no.
    static func flags(_ columns: [CatalogColumn]) -> Set<String> {
        Set(columns.filter { $0.kind == .flag }.map(\.option))
    }

    /// The values given for `columns`, by column name.
    static func values(_ options: OptionList, _ columns: [CatalogColumn]) -> [String: String] {
        var values: [String: String] = [:]
        for column in columns where options.has(column.option) {
            values[column.name] = options.value(column.option) ?? "yes"
        }
        return values
    }

    /// A NAME given as the positional word or as --name (not both).
    static func name(_ options: OptionList, _ values: inout [String: String]) throws {
        guard let word = options.positionals.first else { return }
        guard values["name"] == nil else { throw UsageError("give the name once: NAME or --name") }
        values["name"] = word
    }

    /// A repeatable link option (`--event`, `--ticket`): nil when absent, empty for `none`.
    static func links(_ options: OptionList, _ name: String) throws -> [String]? {
        guard options.has(name) else { return nil }
        let given = options.values(name)
        if given.contains("none") {
            guard given.count == 1 else { throw UsageError("--\(name) none cannot be combined with other --\(name)") }
            return []
        }
        return given
    }

    /// `--ledger FILE`, else the ledger `serve` would use with the same options: the
    /// `ledger` of `--config FILE`, else `<catalog>.ledger`.
    static func ledgerPath(_ options: OptionList) throws -> String {
        if let ledger = options.value("ledger") { return ledger }
        var configuration = ServeConfiguration()
        if let config = options.value("config") { try ConfigFile.apply(path: config, to: &configuration) }
        if let catalog = options.value("catalog") { configuration.catalog = catalog }
        guard configuration.catalog != nil else { throw UsageError("--catalog FILE is required") }
        return configuration.ledgerPath
    }

    /// `show`'s lines: each name padded to one column, as `audience show` prints.
    static func printFields(_ fields: [(String, String)]) {
        let width = (fields.map(\.0.count).max() ?? 0) + 2
        for (name, value) in fields { print(name + String(repeating: " ", count: width - name.count) + value) }
    }

    static func list(_ ids: [String]) -> String { ids.isEmpty ? "-" : ids.joined(separator: ",") }
}

/// The sub-command word and the rest, or a usage error listing what there is.
func subcommand(_ arguments: [String], _ verbs: [String]) throws -> (String, [String]) {
    guard let verb = arguments.first else {
        throw UsageError("missing what to do: " + verbs.joined(separator: ", "))
    }
    guard verbs.contains(verb) else {
        throw UsageError("unknown sub-command '\(verb)' (" + verbs.joined(separator: ", ") + ")")
    }
    return (verb, Array(arguments.dropFirst()))
}

extension JSONOutput {
    /// A list of ids.
    static func strings(_ texts: [String]) -> JSONOutput { .array(texts.map(JSONOutput.string)) }
}
