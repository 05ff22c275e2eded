/// Per-connection protocol state machine; the server makes one per accepted connection.
/// All calls on the loop thread, so a handler needs no locks of its own. The network layer knows
/// nothing of verbs: it frames lines and keeps replies in request order.
public protocol LineHandler: AnyObject {
    /// One complete line, without its "\n" and without one "\r" just before it. Empty lines are passed too.
    /// The bytes are valid only during the call (they are a slice of the read buffer, not a copy).
    /// Reply with `connection.send(...)`, or reserve the reply's place with `connection.deferReply(...)`.
    func handleLine(_ line: UnsafeRawBufferPointer, connection: Connection)
    /// Once for a line longer than the limit (bytes counted before "\r\n"); its bytes are discarded up to the next "\n".
    /// Called in request order, so a reply sent here lands where the line's reply belongs.
    func handleOversizedLine(connection: Connection)
    /// The connection is gone (peer closed, idle timeout, server shutdown, error). Once per connection;
    /// sends after this are dropped. Drop your reference to the connection here.
    func connectionClosed(connection: Connection)
}

/// Makes handlers, and words the refusal the network layer sends over the connection limit.
public protocol LineHandlerFactory: AnyObject {
    func makeHandler(for connection: Connection) -> any LineHandler
    /// Sent to a connection accepted over the connection limit, before it is closed (e.g. "ERR unavailable msg=...\n").
    func overloadReply() -> [UInt8]
}
