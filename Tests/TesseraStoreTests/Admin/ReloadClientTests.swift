import Testing

@testable import TesseraStore

extension Admin {
    @Suite struct ReloadClientTests {
        @Test func readsHostAndPort() throws {
            #expect(try ReloadClient.parseServer("127.0.0.1:7878") == ("127.0.0.1", 7878))
            #expect(try ReloadClient.parseServer("tessera.internal:9000") == ("tessera.internal", 9000))
            #expect(try ReloadClient.parseServer("[::1]:7878") == ("::1", 7878))
            for bad in ["7878", "host:", ":7878", "host:99999", "host:x"] {
                #expect(throws: AdminError.self) { try ReloadClient.parseServer(bad) }
            }
        }

        @Test func percentEncodesTokens() {
            #expect(ReloadClient.percentEncoded("s3cret-Token_1.~") == "s3cret-Token_1.~")
            #expect(ReloadClient.percentEncoded("a b=c%d") == "a%20b%3Dc%25d")
            #expect(ReloadClient.percentEncoded("ø") == "%C3%B8")
        }

        @Test func aServerThatIsNotThereIsAOneLineError() {
            #expect(throws: AdminError.self) {
                try ReloadClient.reload(host: "127.0.0.1", port: 1, token: nil, timeoutSeconds: 2)
            }
        }
    }
}
