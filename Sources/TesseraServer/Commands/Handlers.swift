import TesseraProtocol

extension TesseraService {
    /// Every verb's handler, one line each: the server's half of the verb table, whose rows
    /// (name, keys, flags, help) are `CommandTable` in TesseraProtocol. The switch is
    /// exhaustive, so a verb without a handler does not compile; it is a jump, with no
    /// lookup or allocation per request. `respond` has checked the keys, AUTH and the admin
    /// token by the row before any of these runs.
    @inline(__always)
    func execute(_ request: Request, session: inout Session, out: inout ReplyWriter) throws(ErrorReply) -> CommandOutcome {
        var time = RequestTime()  // the request's one clock reading, taken when a handler first asks
        return switch request.verb {
        case .ping: ping(out: &out)
        case .eval: try eval(request, time: &time, out: &out)
        case .hold: try hold(request, time: &time)
        case .commit: try commit(request, time: &time)
        case .release: try release(request, time: &time)
        case .reload: reloadCommand()
        case .stats: writeStats(out: &out)
        case .clock: try clockCommand(request, time: &time, out: &out)
        case .auth: try authenticate(request, session: &session, out: &out)
        case .quit: quit(out: &out)
        case .help: help(out: &out)
        case .info: info(out: &out)
        case .addMember, .setMember, .delMember, .addAttendee, .delAttendee: try membershipChange(request)
        case .findMembers: try findMembers(request)
        }
    }
}
