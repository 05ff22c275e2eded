@testable import TesseraServer
@testable import TesseraProtocol

/// Drives a `TesseraService` line by line, without sockets: one session, as one connection.
struct ServiceClient {
    let service: TesseraService
    var session: Session
    private var out = ReplyWriter()

    init(_ service: TesseraService) {
        self.service = service
        self.session = service.newSession()
    }

    /// The reply's lines (empty when it comes later: HOLD, COMMIT, RELEASE, RELOAD).
    mutating func request(_ line: String) -> [String] {
        out.reset()
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { service.respond(to: UnsafeRawBufferPointer($0), session: &session, out: &out) }
        return String(decoding: out.bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}

extension CommandSpec {
    /// The shortest line the row accepts: its name and each required key (an `item` well formed).
    var minimalLine: String {
        keys.filter(\.isRequired).reduce(name) { line, key in line + " \(key.name)=" + (key.name == "item" ? "o:t:1" : "x") }
    }
}
