import Glibc

/// Why a `Server` could not start, worded for the operator reading standard error.
public enum ServerError: Error, Equatable, CustomStringConvertible {
    /// The host is neither an address nor a name that resolves.
    case badHost(host: String, reason: String)
    /// Another process (or another Tessera) already listens there.
    case addressInUse(address: String)
    /// The address is not ours to bind (EADDRNOTAVAIL) or needs privileges (EACCES).
    case cannotBind(address: String, error: SystemError)
    /// Any other failed call while setting up.
    case system(SystemError)

    public var description: String {
        switch self {
        case .badHost(let host, let reason):
            return "cannot listen on host '\(host)': \(reason)"
        case .addressInUse(let address):
            return "cannot listen on \(address): address already in use"
        case .cannotBind(let address, let error):
            return "cannot listen on \(address): \(error)"
        case .system(let error):
            return "server setup failed: \(error)"
        }
    }
}
