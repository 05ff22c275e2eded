import Testing
@testable import TesseraCore

@Test func placeholderCore() { #expect(true) }
