/// A HOLD request's content as the ledger keeps it (SPEC §6 Idempotency): decoded and
/// normalised, codes in any order, items in order, ttl explicit.
///
/// Written as length-prefixed parts `<n>:<text>`, so no value can imitate a separator:
/// event, customer, e-mail (`\0` for an absent one), the codes sorted, the word
/// `items`, offer, ticket and quantity per item, then the ttl. Read back to give a
/// partial refund the hold's identity and codes (SPEC §7 Partial refunds: RELEASED's
/// `remaining`) and to upgrade a version-1 ledger (its items).
public struct HoldContent: Sendable, Equatable {
    public var event: String
    /// The customer id as given; nil when absent or empty.
    public var customer: String?
    /// The normalised e-mail; nil when absent.
    public var email: String?
    /// The normalised codes, sorted; "" for one that normalises to nothing.
    public var codes: [String]
    public var items: [HoldItem]
    public var ttl: Int

    public init(event: String, shopper: Shopper, items: [HoldItem], ttl: Int) {
        self.event = event
        customer = shopper.customer?.value
        email = shopper.email
        codes = shopper.codes.map { $0 ?? "" }.sorted()
        self.items = items
        self.ttl = ttl
    }

    private static let absent = "\u{0}"

    /// The stored text; two requests with the same content have the same text.
    public var text: String {
        var parts = [event, customer ?? Self.absent, email ?? Self.absent]
        parts.append(contentsOf: codes)
        parts.append("items")
        for item in items { parts.append(contentsOf: [item.offerID, item.ticketID, String(item.quantity)]) }
        parts.append(String(ttl))
        return parts.map { "\($0.utf8.count):\($0)" }.joined()
    }

    /// Reads `text` back; nil when it is not one `text` wrote.
    public init?(text: String) {
        var parts: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            guard let colon = rest.firstIndex(of: ":"), let length = Int(rest[..<colon]), length >= 0 else { return nil }
            let bytes = rest.utf8[rest.utf8.index(after: colon)...]
            guard bytes.count >= length else { return nil }
            let end = bytes.index(bytes.startIndex, offsetBy: length)
            guard let part = String(rest.utf8[bytes.startIndex..<end]) else { return nil }
            parts.append(part)
            rest = rest[end...]
        }
        // The marker is the first "items" after the three fixed parts that leaves whole
        // items with positive quantities and one ttl after it (a code may read "items").
        marker: for m in parts.indices where m >= 3 && parts[m] == "items" {
            let tail = parts.count - m - 2
            guard tail >= 0, tail % 3 == 0, let ttl = Int(parts[parts.count - 1]) else { continue }
            var items: [HoldItem] = []
            for k in stride(from: m + 1, to: parts.count - 1, by: 3) {
                guard let quantity = Int(parts[k + 2]), quantity > 0 else { continue marker }
                items.append(HoldItem(offerID: parts[k], ticketID: parts[k + 1], quantity: quantity))
            }
            event = parts[0]
            customer = parts[1] == Self.absent ? nil : parts[1]
            email = parts[2] == Self.absent ? nil : parts[2]
            codes = Array(parts[3..<m])
            self.items = items
            self.ttl = ttl
            return
        }
        return nil
    }

    /// The shopper of the request, as it was normalised then.
    public var shopper: Shopper {
        var shopper = Shopper(customer: customer, email: nil, codes: [])
        shopper.email = email
        shopper.codes = SmallList(codes.lazy.map { $0.isEmpty ? nil : $0 })
        return shopper
    }
}
