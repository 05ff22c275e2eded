extension Client {
    /// Where the server is, the token, the timeouts and how hard to try again.
    public struct Options: Sendable {
        public var host: String
        public var port: UInt16
        /// Sent as `AUTH token=` first on every connection, when set.
        public var token: String?
        /// The longest wait for a connection to be accepted, per address tried.
        public var connectTimeout: Duration = .seconds(5)
        /// The longest wait for the next bytes of a reply. A HOLD, COMMIT or RELEASE is
        /// answered after an fsync, and a RELOAD after the catalog loaded: allow for both.
        public var readTimeout: Duration = .seconds(30)
        /// The longest wait for the kernel to take more bytes of the requests.
        public var writeTimeout: Duration = .seconds(30)
        /// How many new connections the client tries when it needs one (`reconnectDelay`
        /// apart, doubling to at most 2 s): after a connection broke with requests in flight,
        /// after the server closed an idle one (a restart), after QUIT. Also how many times
        /// one repeatable request is sent again. 0: never; every request in flight when the
        /// connection breaks is reported, and a request after the server closed the
        /// connection fails `notConnected("server closed the connection")`.
        public var reconnectAttempts = 3
        public var reconnectDelay: Duration = .milliseconds(100)

        public init(host: String = "127.0.0.1", port: UInt16 = 7878, token: String? = nil) {
            self.host = host
            self.port = port
            self.token = token
        }

        /// `HOST:PORT`, an IPv6 host in brackets (`[::1]:7878`); nil when it is not that.
        public init?(server: String, token: String? = nil) {
            guard let colon = server.lastIndex(of: ":"), let port = UInt16(server[server.index(after: colon)...]), port > 0
            else { return nil }
            var host = String(server[..<colon])
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty else { return nil }
            self.init(host: host, port: port, token: token)
        }

        /// `host:port` as `init(server:)` reads it.
        public var server: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }
}
