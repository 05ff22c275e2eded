import TesseraServer
import TesseraStore
import TesseraProtocol

/// `tessera reload`: tell a running server to re-read its catalog.
enum ReloadCommand: TesseraCommand {
    static let name = "reload"
    static let summary = "ask a running server to reload its catalog"
    static let help = """
        usage: tessera reload [--server HOST:PORT] [--token T] [--config FILE] [--timeout-seconds N]

        Connects to the server (default: the listen address of --config, else \(ServeOption.named("listen")?.defaultValue ?? "")),
        sends AUTH token=T when a token is given (default: the admin_token, else the token, of
        --config), then RELOAD, and prints the reply with its values percent-decoded (ERR
        bad_catalog msg=table offers, row id=…). Exit status 0 only when it is OK: the server
        now serves the new catalog; on ERR it keeps the one it had.

        """

    static func run(_ arguments: [String]) -> Int32 {
        runCommand(name) {
            let options = try OptionList(arguments, flags: [])
            try options.check(known: ["server", "token", "config", "timeout-seconds"])
            var configuration = ServeConfiguration()
            if let config = options.value("config") { try ConfigFile.apply(path: config, to: &configuration) }
            var host = configuration.host
            var port = configuration.port
            if let server = options.value("server") { (host, port) = try ReloadClient.parseServer(server) }
            let token = options.value("token") ?? configuration.adminToken ?? configuration.token
            let timeout = try options.integer("timeout-seconds", in: 1...3600) ?? 60
            let reply = try ReloadClient.reload(host: host, port: port, token: token, timeoutSeconds: timeout)
            reply.lines.forEach { print(PercentCoding.readable($0)) }
            return reply.isOK ? 0 : 1
        }
    }
}
