import Glibc
import TesseraCore
import TesseraServer
import TesseraNetwork

/// `tessera serve`: load the catalog and answer the wire protocol until SIGINT/SIGTERM.
enum ServeCommand: TesseraCommand {
    static let name = "serve"
    static let summary = "serve the catalog over TCP (the built-in demo catalog without --catalog)"
    static let help = """
        usage: tessera serve [--config FILE] [--catalog FILE] [--ledger FILE] [--listen HOST:PORT] [--test-clock]
                             [--token T] [--admin-token T] [--max-line-bytes N] [--max-connections N]
                             [--idle-timeout-seconds N] [--max-pending-output-bytes N] [--hold-ttl-seconds N]
                             [--shutdown-grace-seconds N] [--busy-poll-us N]

        Loads the catalog into memory and serves the line protocol (default 127.0.0.1:7878).
        Without --catalog it serves the built-in demo catalog (config/demo-catalog.sql).
        Every option can also be set in a config file (see config/tessera.conf); the command line wins.
        SIGHUP reloads the catalog; SIGINT/SIGTERM answer what was accepted and exit 0.

        """

    static func run(_ arguments: [String]) -> Int32 {
        // Before anything here starts a thread, so every thread inherits the mask (see `blockSignals`).
        Server.blockSignals()
        var configuration = ServeConfiguration()
        do {
            let list = try OptionList(arguments, flags: ["test-clock"])
            if let config = list.options.last(where: { $0.name == "config" })?.value {
                try ConfigFile.apply(path: config, to: &configuration)
            }
            for (name, value) in list.options where name != "config" {
                let key = name.replacingOccurrences(of: "-", with: "_")
                guard ServeConfiguration.keys.contains(key) else { throw UsageError("unknown option --\(name)") }
                try configuration.set(key, value ?? "true")
            }
        } catch let error as UsageError {
            printError("tessera serve: \(error)")
            return 2
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
