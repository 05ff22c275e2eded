/// What the connection must do after a command wrote its reply (or didn't).
public enum CommandOutcome: Sendable {
    /// The reply is complete.
    case replied
    /// Send the reply, then close the connection (QUIT).
    case close
    /// The reply comes later: `start` is called at once with the function that
    /// delivers the reply bytes (from the loop thread). HOLD, COMMIT and
    /// RELEASE wait for the ledger's fsync; RELOAD for the new catalog, and
    /// with `pauseInput` later lines of the connection wait for it.
    case deferred(pauseInput: Bool, start: @Sendable (@escaping @Sendable ([UInt8]) -> Void) -> Void)
}
