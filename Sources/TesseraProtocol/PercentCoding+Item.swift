extension PercentCoding {
    /// A HOLD `item=` value, `<offer>:<ticket>:<qty>` (SPEC §6 Items): the server splits it
    /// on its raw `:` before decoding, so the offer and ticket ids are each percent-encoded
    /// with `:` escaped too (`%3A`), and a `:` in the value only ever separates.
    ///
    /// Built on `encoded`, whose output holds a `:` only where its input did (its escapes
    /// are `%` and hex digits), so escaping the `:` afterwards escapes exactly those.
    public static func encodedItem(offer: String, ticket: String, quantity: Int) -> String {
        encodedItemPart(offer) + ":" + encodedItemPart(ticket) + ":" + String(quantity)
    }

    static func encodedItemPart(_ id: String) -> String {
        var out = ""
        for character in encoded(id) {
            if character == ":" { out += "%3A" } else { out.append(character) }
        }
        return out
    }
}
