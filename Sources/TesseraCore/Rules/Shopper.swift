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
        self.init(customer: customer, email: email, codeList: SmallList(codes))
    }

    /// The same, with the codes in a `SmallList` (EVAL's: no array per request).
    public init(customer: String?, email: String?, codeList codes: SmallList<String>) {
        self.customer = customer.flatMap { $0.isEmpty ? nil : CustomerKey($0) }
        self.email = email.flatMap(Normalization.key)
        self.codes = SmallList(codes.lazy.map { Normalization.key($0) })
    }

    /// Whether the request presents `code` (a normalised promo code).
    public func presents(_ code: String) -> Bool {
        codes.contains { $0 == code }
    }
}
