import Glibc
import TesseraCore
import TesseraServer
import TesseraNetwork

/// `tessera serve`: load the catalog and answer the wire protocol until SIGINT/SIGTERM.
enum ServeCommand: TesseraCommand {
    static let name = "serve"
    static let summary = "serve the catalog over TCP (the built-in demo catalog without --catalog)"
    /// The option list comes from `ServeOption.all`, the rows the flags and config files are read by.
    static let help = """
        usage: tessera serve [--config FILE] [--OPTION VALUE …]

        Loads the catalog into memory and serves the line protocol.
        Without --catalog it serves the built-in demo catalog (config/demo-catalog.sql), its
        dates moved by whole weeks to today (with --test-clock, as written: 2026-11-23).
        SIGHUP reloads the catalog; SIGINT/SIGTERM answer what was accepted and exit 0.

          --config FILE
              reads options from FILE first, one `key = value` a line (see config/tessera.conf)

        options (in a config file, the same names with `_` for `-`: --max-connections 512 is
        max_connections = 512; the command line wins):

        """ + ServeOption.helpText()

    static func run(_ arguments: [String]) -> Int32 {
        // Before anything here starts a thread, so every thread inherits the mask (see `blockSignals`).
        Server.blockSignals()
        var configuration = ServeConfiguration()
        do {
            let list = try OptionList(arguments, flags: ServeOption.flagsWithoutValue)
            if let config = list.value("config") {
                try ConfigFile.apply(path: config, to: &configuration)
            }
            for (name, value) in list.options where name != "config" {
                try configuration.set(flag: name, value)
            }
        } catch {
            printError("tessera serve: \(error)")
            return 2
        }

        let runner: TesseraRunner
        do {
            runner = try TesseraRunner(configuration: configuration)
        } catch let error as CatalogError {
            Log.error("catalog refused: \(error)")
            return 1
        } catch {
            Log.error("cannot start: \(error)")
            return 1
        }
        runner.run(signals: true)
        return 0
    }
}
