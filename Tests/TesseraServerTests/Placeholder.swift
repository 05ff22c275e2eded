import Testing
@testable import TesseraServer

@Test func placeholderServer() { #expect(true) }
