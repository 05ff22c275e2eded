/// What the server knows about one connection beyond its bytes.
public struct Session: Sendable {
    /// Passed AUTH with the token (or no token is configured).
    public var authenticated: Bool
    /// Passed AUTH with the admin token (or no admin token is configured).
    public var admin: Bool

    public init(authenticated: Bool, admin: Bool) {
        self.authenticated = authenticated; self.admin = admin
    }
}
