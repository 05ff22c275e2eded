import Foundation
import TesseraCore

/// Which members a `remove` or `set-quantity` means, compared as the server compares
/// (SPEC §6): codes and e-mails normalised, customer ids byte for byte, or a row id.
public enum MemberSelector: Sendable, Equatable, CustomStringConvertible {
    case code(String)
    case email(String)
    case customer(String)
    case id(Int64)

    func matches(_ member: StoredMember) -> Bool {
        switch self {
        case .code(let code):
            guard let key = Normalization.key(code), let stored = member.values.code else { return false }
            return CodeKey.key(stored) == key
        case .email(let email):
            guard let key = Normalization.key(email), let stored = member.values.email else { return false }
            return CodeKey.key(stored) == key
        case .customer(let customer):
            return member.values.customerID.map { $0.utf8.elementsEqual(customer.utf8) } ?? false
        case .id(let id):
            return member.id == id
        }
    }

    /// "code 'VIP321'", for messages.
    public var description: String {
        switch self {
        case .code(let code): "code '\(code)'"
        case .email(let email): "e-mail '\(email)'"
        case .customer(let customer): "customer id '\(customer)'"
        case .id(let id): "id \(id)"
        }
    }
}

/// What `members search` looks for: text in a code, an e-mail or a customer id
/// (any of them unless one is named), whole or as a prefix.
public struct MemberQuery: Sendable, Equatable {
    public enum Field: String, Sendable, CaseIterable {
        case code, email, customer, any
    }

    public var text: String
    public var field: Field
    public var prefix: Bool
    /// Any part of the value, case- and accent-insensitive (`Sø` finds `søren@…` and `SOREN`).
    public var part: Bool
    /// nil: every audience.
    public var audience: String?

    public init(text: String, field: Field = .any, prefix: Bool = false, part: Bool = false, audience: String? = nil) {
        self.text = text
        self.field = field
        self.prefix = prefix
        self.part = part
        self.audience = audience
    }

    /// A matcher for stored members, with the query normalised once.
    func matcher() throws(AdminError) -> (StoredMember) -> Bool {
        if part { return try partMatcher() }
        let key = Normalization.key(text)
        let raw = text
        let prefix = prefix
        guard key != nil || field == .customer else { throw AdminError("nothing to search for") }
        func normalisedMatch(_ stored: String?) -> Bool {
            guard let key, let stored, let value = CodeKey.key(stored) else { return false }
            return prefix ? value.hasPrefix(key) : value == key
        }
        func customerMatch(_ stored: String?) -> Bool {
            guard let stored, !raw.isEmpty else { return false }
            return prefix ? stored.utf8.starts(with: raw.utf8) : stored.utf8.elementsEqual(raw.utf8)
        }
        switch field {
        case .code: return { normalisedMatch($0.values.code) }
        case .email: return { normalisedMatch($0.values.email) }
        case .customer: return { customerMatch($0.values.customerID) }
        case .any:
            return {
                normalisedMatch($0.values.code) || normalisedMatch($0.values.email)
                    || customerMatch($0.values.customerID)
            }
        }
    }
}

extension MemberQuery {
    /// `part`: the folded text anywhere in the folded code, e-mail or customer id.
    private func partMatcher() throws(AdminError) -> (StoredMember) -> Bool {
        let needle = SearchFolding.fold(text)
        guard !needle.isEmpty else { throw AdminError("nothing to search for") }
        let field = field
        func found(_ stored: String?) -> Bool { stored.map { SearchFolding.fold($0).contains(needle) } ?? false }
        return { member in
            let v = member.values
            switch field {
            case .code: return found(v.code)
            case .email: return found(v.email)
            case .customer: return found(v.customerID)
            case .any: return found(v.code) || found(v.email) || found(v.customerID) || found(v.name)
            }
        }
    }
}

/// How a search compares text a person typed with stored values: case, accents and
/// surrounding space do not matter (`Sø`, `so` and `SØ` all find `Søren`). For people
/// searching, never for matching at checkout (that is `Normalization`, exact by design).
enum SearchFolding {
    /// Letters that carry their accent in the letter itself, so decomposition leaves them.
    private static let letters: [Character: String] = [
        "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "ı": "i", "þ": "th", "ð": "d",
    ]

    static func fold(_ text: String) -> String {
        let lower = text.trimmed.lowercased().decomposedStringWithCanonicalMapping
        var out = ""
        out.reserveCapacity(lower.utf8.count)
        for character in lower {
            if let plain = letters[character] {
                out += plain
                continue
            }
            for scalar in character.unicodeScalars where scalar.properties.generalCategory != .nonspacingMark {
                out.unicodeScalars.append(scalar)
            }
        }
        // Both sides fold alike, so letters that lose a mark (ё → е, й → и) still find each other.
        return out
    }
}
