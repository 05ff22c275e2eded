import TesseraClient

/// The client for end-to-end tests that send well-formed requests: the library's `Client`
/// (Sources/TesseraClient), answering with each reply's wire lines so that assertions read
/// like the protocol. It never reconnects or repeats anything, so a test sees every break.
///
/// Half lines, fuzz, `\r\n` framing and watching a close go through `RawSocketClient`.
final class TestClient: @unchecked Sendable {
    let client: Client

    init(port: UInt16, timeoutSeconds: Int = 10) throws {
        var options = Client.Options(host: "127.0.0.1", port: port)
        options.connectTimeout = .seconds(timeoutSeconds)
        options.readTimeout = .seconds(timeoutSeconds)
        options.writeTimeout = .seconds(timeoutSeconds)
        options.reconnectAttempts = 0
        client = try Client(options)
    }

    /// Sends one request line, as typed, and reads its reply.
    func request(_ line: String) throws -> [String] {
        try client.request(.raw(line)).lines
    }

    /// Sends every line of `text` (whole lines, each one request) in one write; the replies
    /// are read with `readReply`.
    func send(_ text: String) throws {
        precondition(text.isEmpty || text.hasSuffix("\n"), "TestClient sends whole lines; RawSocketClient sends parts")
        for line in text.split(separator: "\n") { client.send(try .raw(String(line))) }
        client.flush()
    }

    /// The next reply's lines, up to and including its OK or ERR line.
    func readReply() throws -> [String] {
        try client.receive().lines
    }
}
