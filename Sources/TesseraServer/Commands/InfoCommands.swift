import TesseraProtocol

extension TesseraService {
    /// HELP: one `VERB name= help=` line per row of the verb table, in its order, then OK.
    func help(out: inout ReplyWriter) -> CommandOutcome {
        for spec in CommandTable.all {
            out.word("VERB")
            out.field("name", spec.name)
            out.field("help", spec.help)
            out.endLine()
        }
        out.word("OK\n")
        return .replied
    }

    /// INFO: one `INFO key= value=` line per entry of `info()`, then OK.
    func info(out: inout ReplyWriter) -> CommandOutcome {
        for (key, value) in info() {
            out.word("INFO")
            out.field("key", key)
            out.field("value", value)
            out.endLine()
        }
        out.word("OK\n")
        return .replied
    }

    /// What INFO tells, in order (SPEC §4): the version, the uptime, the catalog in service
    /// (its file, or `demo`, its counts, and its version: 1 at start, +1 per reload), the
    /// ledger file, the address actually listened on, then `option.<name>` for every row of
    /// `ServeOption.all` with its value in force. A token never appears: the secret options
    /// read `set` or `unset`.
    func info() -> [(key: String, value: String)] {
        let snapshot = snapshot  // once: every catalog entry from one load
        var entries: [(key: String, value: String)] = [
            ("version", TesseraVersion.current),
            ("uptime_seconds", String(uptimeSeconds)),
            ("catalog", source.infoValue),
            ("catalog_offers", String(snapshot.catalog.offerCount)),
            ("catalog_members", String(snapshot.catalog.memberCount)),
            ("catalog_version", String(snapshot.version)),
            ("ledger", ledger?.path ?? "none"),
            ("listen", listenAddress ?? "none"),
        ]
        if let configuration {
            for option in ServeOption.all { entries.append(("option." + option.name, option.infoValue(in: configuration))) }
        }
        return entries
    }
}
