/// Who is asking: the identity and codes of one request, normalised once
/// (SPEC §6) so every lookup after this is a plain dictionary hit.
public struct Shopper: Sendable, Equatable {
    public var customer: CustomerKey?
    /// Normalised e-mail; nil when absent or empty.
    public var email: String?
    /// Normalised codes in request order; nil for one that normalises to
    /// nothing (it matches nothing but still gets its CODE line).
    public var codes: SmallList<String?>

    public init(customer: String? = nil, email: String? = nil, codes: [String] = []) {
        self.init(customer: customer, email: email, codeValues: codes)
    }

    /// The same, with the codes from any sequence (EVAL reads them from the request's
    /// arguments in place: no array per request).
    @inlinable public init(customer: String?, email: String?, codeValues codes: some Sequence<String>) {
        self.customer = customer.flatMap { $0.isEmpty ? nil : CustomerKey($0) }
        self.email = email.flatMap(Normalization.key)
        self.codes = SmallList()
        for code in codes { self.codes.append(Self.normalizedCode(code)) }
    }

    /// `Normalization.key` of one code, compiled here for `String`: called from an inlined
    /// init in another module, the generic one ran unspecialized (witness calls per byte).
    public static func normalizedCode(_ code: String) -> String? { Normalization.key(code) }

    /// Whether the request presents `code` (a normalised promo code).
    public func presents(_ code: String) -> Bool {
        for i in codes.indices where codes[i] == code { return true }  // by index: iterating copies the list
        return false
    }
}
