import TesseraClient
import TesseraProtocol
import TesseraServer

/// `tessera reload`: tell a running server to re-read its catalog (the RELOAD verb, SPEC
/// §4), so an operator's change goes live without a restart or a signal to a process on
/// another machine. It speaks through the client library.
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
            let list = try OptionList(arguments, flags: [])
            try list.check(known: ["server", "token", "config", "timeout-seconds"])
            let reply = try reload(serverOptions(list))
            reply.lines.forEach { print(PercentCoding.readable($0)) }
            return reply.isOK ? 0 : 1
        }
    }

    /// RELOAD's reply, or AUTH's when the server refused the token.
    static func reload(_ options: Client.Options) throws(ClientError) -> Reply {
        let client: Client
        do {
            client = try Client(options)
        } catch .authenticationFailed(let refusal) {
            return Reply(lines: [refusal.line])
        }
        let reply = try client.request(.reload)
        _ = try? client.request(.quit)
        return reply
    }
}
