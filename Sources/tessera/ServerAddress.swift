import TesseraClient
import TesseraServer

/// Where `tessera reload` and `tessera client` find a running server: `--server HOST:PORT`,
/// else the `listen` address of `--config FILE`, else the default listen address; and the
/// token: `--token`, else the fallbacks the command names, else the `admin_token` (which
/// passes wherever the token does) or the `token` of `--config`.
func serverOptions(_ list: OptionList, tokenFallbacks: [String?] = []) throws -> Client.Options {
    var configuration = ServeConfiguration()
    if let config = list.value("config") { try ConfigFile.apply(path: config, to: &configuration) }
    let token = ([list.value("token")] + tokenFallbacks + [configuration.adminToken, configuration.token]).lazy
        .compactMap { $0 }.first
    var options = Client.Options(host: configuration.host, port: configuration.port, token: token)
    if let server = list.value("server") {
        guard let given = Client.Options(server: server, token: token) else {
            throw UsageError("--server must be HOST:PORT, got '\(server)'")
        }
        options = given
    }
    let timeout = try list.integer("timeout-seconds", in: 1...3600) ?? 60
    options.connectTimeout = .seconds(timeout)
    options.readTimeout = .seconds(timeout)
    options.writeTimeout = .seconds(timeout)
    // A person at a terminal is told when the server goes away; nothing is repeated for them.
    options.reconnectAttempts = 0
    return options
}
