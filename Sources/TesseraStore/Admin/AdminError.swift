/// Why an administration command could not do its work, worded for the operator in
/// one line ("no audience 'vip' in catalog demo.db"), so the CLI prints it as is.
///
/// Whenever one is thrown, nothing was written: every change runs in one transaction
/// and every output file is written beside its target and renamed into place.
public struct AdminError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
