import TesseraCore
import Testing

@testable import TesseraStore

extension Admin {
    @Suite struct MemberRowValidatorTests {
        /// A validator for audience 'VIP codes' whose members 1, 2, … have the `existing` codes.
        private func validator(existing: [String] = []) -> MemberRowValidator {
            var identities = MemberIdentities()
            for (i, code) in existing.enumerated() {
                identities.add(member: Int64(i + 1), .init(code: code, email: nil, customer: nil))
            }
            return MemberRowValidator(audienceName: "VIP codes", identities: identities)
        }

        private func check(
            _ fields: [MemberField: String], existing: [String] = [], line: Int = 2
        ) -> Result<MemberValues, Rejection> {
            var validator = validator(existing: existing)
            return validator.validate(line: line) { fields[$0] }.map(\.values)
        }

        private func reasons(_ fields: [MemberField: String], existing: [String] = []) -> [String] {
            guard case .failure(let rejection) = check(fields, existing: existing) else { return [] }
            return rejection.reasons
        }

        @Test func acceptsAFullRowKeepingTheTextAsWritten() throws {
            let result = check([
                .code: "VIP321", .email: "Søren@Eksempel.dk", .customer: "cust-1", .quantity: "2",
                .category: "Section2",
                .seat: "North-1", .location: "Gate B", .validFrom: "2026-12-01",
                .validUntil: "2027-01-01T00:00:00+01:00",
            ])
            #expect(
                try result.get()
                    == MemberValues(
                        customerID: "cust-1", email: "Søren@Eksempel.dk", code: "VIP321", quantity: 2,
                        category: "Section2",
                        seat: "North-1", location: "Gate B", validFrom: "2026-12-01",
                        validUntil: "2027-01-01T00:00:00+01:00"))
        }

        @Test func needsACodeAnEmailOrACustomer() {
            #expect(reasons([.quantity: "2"]) == ["needs a code, an e-mail or a customer id"])
            #expect(reasons([.customer: "c"]).isEmpty)
            #expect(reasons([.email: "a@b.dk"]).isEmpty)
            #expect(reasons([.code: "X"]).isEmpty)
        }

        @Test func quantityIsAWholeNumberOfZeroOrMore() {
            for good in ["0", "1", "42", "1000000000"] {
                #expect(reasons([.code: "X", .quantity: good]).isEmpty, "\(good)")
            }
            for bad in ["-1", "1.5", "two", "+3", "1e3", "1 000", "1000000001", "99999999999999999999"] {
                #expect(
                    reasons([.code: "X", .quantity: bad]) == [
                        "quantity must be a whole number from 0 to 1000000000, got '\(bad)'"
                    ], "\(bad)")
            }
            #expect((try? check([.code: "X"]).get().quantity) == .some(nil), "empty: the offer's per_member")
        }

        @Test func emailsMustLookLikeAddresses() {
            for good in [
                "anna@example.com", "Chloe.Moreau@Example.com", "a+tag@sub.example.co.uk", "søren@eksempel.dk",
                "иван@пример.рф", "joão@exemplo.pt",
            ] {
                #expect(EmailCheck.isPlausible(good), "\(good)")
            }
            for bad in [
                "Anna Berg", "anna@", "@example.com", "anna@example", "anna@@example.com", "a@b@c.dk",
                "anna berg@example.com", "a@x.dk; b@y.dk", "a@x.dk,b@y.dk", "<a@x.dk>", "anna@.example.com",
                "anna@example..com", "anna.@example.com", ".anna@example.com", "anna@example.c", "anna@-x.dk",
                "anna\u{00A0}@example.com",
            ] {
                #expect(!EmailCheck.isPlausible(bad), "\(bad)")
            }
            #expect(reasons([.email: "Anna Berg"]) == ["e-mail 'Anna Berg' does not look like an address"])
        }

        @Test func timesMustParseAndComeInOrder() {
            #expect(reasons([.code: "X", .validFrom: "2026-12-01", .validUntil: "2026-12-01T19:00:00+01:00"]).isEmpty)
            #expect(
                reasons([.code: "X", .validFrom: "01/12/2026"]) == [
                    "valid from '01/12/2026' is not a date or time (2026-12-01 or 2026-12-01T19:00:00+01:00)"
                ])
            #expect(reasons([.code: "X", .validUntil: "soon"]).count == 1)
            #expect(
                reasons([.code: "X", .validFrom: "2027-01-01", .validUntil: "2026-01-01"]) == [
                    "valid until (2026-01-01) must be after valid from (2027-01-01)"
                ])
            #expect(reasons([.code: "X", .validFrom: "2027-01-01", .validUntil: "2027-01-01"]).count == 1)
        }

        @Test func codesMayNotRepeatComparedAsTheServerCompares() {
            #expect(
                reasons([.code: "vip321"], existing: ["VIP238", "VIP321"]) == [
                    "code 'vip321' is already in audience 'VIP codes' (member 2)"
                ]
            )
            #expect(
                reasons([.code: "Café"], existing: ["CAFE\u{0301}"]).count == 1,
                "NFC: é and e + combining acute are one code")
            var validator = validator()
            #expect((try? validator.validate(line: 2) { $0 == .code ? "ABC" : nil }.get()) != nil)
            let again = validator.validate(line: 5) { $0 == .code ? " abc" : nil }
            #expect(again == .failure(Rejection(line: 5, reasons: ["code ' abc' is also on line 2"])))
            // A rejected row's code does not count: the next row with it is fine.
            _ = validator.validate(line: 6) { $0 == .code ? "DEF" : $0 == .quantity ? "x" : nil }
            #expect((try? validator.validate(line: 7) { $0 == .code ? "DEF" : nil }.get()) != nil)
        }

        /// Latin-1 takes a path of its own in `CodeKey`: every character of it, alone,
        /// between letters, and before a combining mark, gives what the server gives.
        @Test func codeKeyAgreesForEveryLatin1Character() {
            for value in 0x80...0xFF {
                let c = String(Character(Unicode.Scalar(UInt8(value))))
                for sample in [c, "a\(c)B", "\(c)\(c)@EXAMPLE.dk", "\(c)\u{0301}", "Z\(c)"] {
                    #expect(CodeKey.key(sample) == Normalization.key(sample), "\(sample.debugDescription)")
                }
            }
        }

        @Test func reportsEveryProblemOfARowAtOnce() {
            #expect(reasons([.quantity: "-2", .email: "nobody", .validFrom: "x"]).count == 3)
            #expect(reasons([.quantity: "-2", .validFrom: "x"]).count == 3)
            #expect(Rejection(line: 3, reasons: ["a", "b"]).description == "line 3: a; b")
        }

        /// The fast path gives exactly what `Normalization.key` gives, for ASCII and beyond.
        @Test func codeKeyAgreesWithTheServersNormalisation() {
            var random = SeededRandom(seed: 7)
            let pieces = [
                "A", "z", "0", " ", "\t", "-", "~", "\u{7F}", "É", "e\u{0301}", "Ж", "ß", "İ", "\u{00A0}", "\n", "Ø",
                "æ", "Æ", "×", "ÿ", "µ", "\u{85}", "\u{AD}", "\u{0300}", "@", "ǅ",
            ]
            var samples = ["", " ", "VIP321", "vip321", " VIP321 ", "ABC-def", "CAFÉ", "Straße"]
            for _ in 0..<2000 {
                let length = Int(random.next() % 8)
                samples.append((0..<length).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined())
            }
            for sample in samples {
                #expect(CodeKey.key(sample) == Normalization.key(sample), "\(sample.debugDescription)")
            }
        }
    }
}
