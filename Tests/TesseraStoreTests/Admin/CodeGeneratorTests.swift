import TesseraCore
import Testing

@testable import TesseraStore

extension Admin {
    @Suite struct CodeGeneratorTests {
        @Test func theAlphabetHasNoLookAlikes() {
            let alphabet = String(decoding: CodeGenerator<SeededRandom>.alphabet, as: UTF8.self)
            #expect(alphabet.count == 31 && Set(alphabet).count == 31)
            for lookAlike in "0O1IL" { #expect(!alphabet.contains(lookAlike)) }
            #expect(alphabet.allSatisfy { $0.isUppercase || $0.isNumber })
        }

        @Test func codesArePrefixThenRandomSymbols() {
            var generator = CodeGenerator(length: 8, prefix: "GALA-", source: SeededRandom(seed: 1))
            let alphabet = Set(CodeGenerator<SeededRandom>.alphabet)
            for _ in 0..<100 {
                let code = generator.next()
                #expect(code.hasPrefix("GALA-") && code.utf8.count == 13)
                #expect(code.utf8.dropFirst(5).allSatisfy(alphabet.contains))
            }
        }

        /// Every symbol about equally often: no modulo bias.
        @Test func symbolsAreUniform() {
            var generator = CodeGenerator(length: 31, source: SeededRandom(seed: 42))
            var counts: [UInt8: Int] = [:]
            for _ in 0..<2000 { for byte in generator.next().utf8 { counts[byte, default: 0] += 1 } }
            #expect(counts.count == 31)
            // 62,000 draws: 2000 expected per symbol; 5 standard deviations is about ±220.
            #expect(counts.values.allSatisfy { abs($0 - 2000) < 250 }, "\(counts.values.sorted())")
        }

        @Test func drawsAtTheTopOfTheRangeAreThrownAway() {
            // UInt64.max is above the largest multiple of 31^12: it must be skipped, not used.
            var generator = CodeGenerator(length: 4, source: RepeatingRandom(values: [UInt64.max, 0]))
            #expect(generator.next() == "2222")
        }

        @Test func generatedCodesAreNewMembersOfTheAudience() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let codes = try fixture.editor().generateCodes(
                into: "Thank-you codes", count: 50, length: 6, prefix: "TY-", quantity: 1)
            #expect(codes.count == 50 && Set(codes).count == 50)
            let members = try fixture.members("thank-you").suffix(50)
            #expect(members.map(\.values.code) == codes)
            #expect(members.allSatisfy { $0.values.quantity == 1 && $0.values.code!.hasPrefix("TY-") })
            #expect(members.map(\.id) == Array(96..<146))
            _ = try fixture.load()
        }

        /// A source that keeps repeating the same few draws: the codes it would make that are
        /// already in the catalog (normalised, any audience) or already made are skipped.
        @Test func neverClashesWithExistingCodesComparedNormalised() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            // What the draws 0, 1, 2 make at length 4: 2222, 3222, 4222.
            try fixture.editor().addMember(to: "vip-codes", [.code: " 2222"])
            try fixture.editor().addMember(to: "club", [.code: "x-3222"])
            var generator = CodeGenerator(length: 4, prefix: "x-", source: RepeatingRandom(values: [0, 1, 2, 3]))
            let codes = try fixture.editor().generateCodes(into: "thank-you", count: 2, generator: &generator)
            #expect(codes == ["x-2222", "x-4222"])
            var plain = CodeGenerator(length: 4, source: RepeatingRandom(values: [0, 1]))
            #expect(try fixture.editor().generateCodes(into: "thank-you", count: 1, generator: &plain) == ["3222"])
            var stuck = CodeGenerator(length: 4, source: RepeatingRandom(values: [0]))
            #expect(
                throws: AdminError("could not find 1 unused codes of this length and prefix; use a longer --length")
            ) {
                try fixture.editor().generateCodes(into: "thank-you", count: 1, generator: &stuck)
            }
            _ = try fixture.load()
        }

        @Test func alsoAvoidsBarcodesAndPromoCodes() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            // A promo code and an attendee's barcode that the first draws would make.
            let db = try Database(path: fixture.path, mode: .readWrite)
            try db.execute("UPDATE offers SET promo_code = 'P-2222' WHERE id = 'student-promo'")
            try db.execute("INSERT INTO attendees (event_id, barcode) VALUES ('gala-2025', 'p-3222')")
            var clashing = CodeGenerator(length: 4, prefix: "P-", source: RepeatingRandom(values: [0, 1, 2]))
            #expect(try fixture.editor().generateCodes(into: "thank-you", count: 1, generator: &clashing) == ["P-4222"])
        }

        @Test func refusesCountsAndLengthsThatMakeWeakCodes() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let editor = try fixture.editor()
            #expect(throws: AdminError("10000 codes need --length 5 or more (fewer symbols make them easy to guess)")) {
                try editor.generateCodes(into: "thank-you", count: 10_000, length: 4)
            }
            #expect(throws: AdminError("--length must be from 4 to 64, got 3")) {
                try editor.generateCodes(into: "thank-you", count: 1, length: 3)
            }
            #expect(throws: AdminError("--count must be from 1 to 10000000, got 0")) {
                try editor.generateCodes(into: "thank-you", count: 0)
            }
            #expect(throws: AdminError.self) { try editor.generateCodes(into: "thank-you", count: 1, quantity: -1) }
            #expect(throws: AdminError.self) { try editor.generateCodes(into: "nope", count: 1) }
            #expect(try fixture.members("thank-you").count == 3, "nothing written")
        }

        @Test func aFailureBeforeCommitAddsNoCode() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            var handed: [String] = []
            #expect(throws: AdminError("disk full")) {
                try fixture.editor().generateCodes(
                    into: "thank-you", count: 5,
                    beforeCommit: { codes in
                        handed = codes
                        throw AdminError("disk full")
                    })
            }
            #expect(handed.count == 5)
            #expect(try fixture.members("thank-you").count == 3)
        }

        @Test func defaultCodesAreTenSymbols() throws {
            let fixture = try AdminFixture()
            defer { fixture.remove() }
            try fixture.editor().createAudience(name: "Codes")
            let codes = try fixture.editor().generateCodes(into: "codes", count: 3)
            #expect(codes.allSatisfy { $0.utf8.count == 10 })
        }
    }
}
