/// What the connection must do after a command wrote its reply (or didn't).
public enum CommandOutcome: Sendable {
    /// The reply is complete.
    case replied
    /// Send the reply, then close the connection (QUIT).
    case close
    /// The reply comes later (RELOAD): later lines of this connection wait for it.
    case reload
}
