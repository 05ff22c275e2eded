@testable import TesseraCore

/// An instant written the way the SPEC writes times, so tests read like the rules.
func at(_ text: String) -> Instant {
    guard let instant = Instant(iso8601: text) else { fatalError("test time does not parse: \(text)") }
    return instant
}

func zone(_ identifier: String) -> ZoneRules {
    guard let rules = ZoneRules.named(identifier) else { fatalError("unknown test zone: \(identifier)") }
    return rules
}

/// Hours between two instants, for "a day is 23 or 25 hours".
func hours(_ range: Range<Instant>) -> Double {
    Double(range.upperBound.seconds - range.lowerBound.seconds) / 3_600
}
