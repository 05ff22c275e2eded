import Testing

@testable import TesseraClient

@Suite struct OptionsTests {
    @Test func readsHostAndPort() throws {
        let options = try #require(Client.Options(server: "127.0.0.1:7878", token: "t"))
        #expect(options.host == "127.0.0.1" && options.port == 7878 && options.token == "t")
        #expect(Client.Options(server: "tessera.internal:9000")?.host == "tessera.internal")
        let six = try #require(Client.Options(server: "[::1]:7878"))
        #expect(six.host == "::1" && six.port == 7878 && six.server == "[::1]:7878")
        for bad in ["7878", "host:", ":7878", "host:99999", "host:x", "host:0", "[]:1"] {
            #expect(Client.Options(server: bad) == nil, "\(bad)")
        }
    }

    @Test func defaultsAreTheServersDefaultListenAddress() {
        let options = Client.Options()
        #expect(options.server == "127.0.0.1:7878" && options.token == nil)
        #expect(options.reconnectAttempts > 0)
    }

    /// Nothing listens on port 1: the client says so at once, in one line, and nothing was sent.
    @Test func aServerThatIsNotThereIsNotConnected() {
        var options = Client.Options(host: "127.0.0.1", port: 1)
        options.connectTimeout = .seconds(2)
        #expect {
            try Client(options)
        } throws: { error in
            guard case ClientError.notConnected(let reason) = error else { return false }
            return reason.hasPrefix("cannot connect to 127.0.0.1:1: ") && !reason.contains("\n")
        }
    }

}
