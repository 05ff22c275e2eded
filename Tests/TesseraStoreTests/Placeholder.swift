import Testing
@testable import TesseraStore

@Test func placeholderStore() { #expect(true) }
