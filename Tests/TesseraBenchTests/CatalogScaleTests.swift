import Testing

@testable import TesseraBench

@Suite struct CatalogScaleTests {
    @Test func namedSizesKeepTheLargeShape() throws {
        let small = try #require(CatalogScale.named("large-10k"))
        #expect(small.name == "large-10k")
        #expect(small.members == 10_000)
        #expect(small.audiences == CatalogScale.large.audiences && small.offers == CatalogScale.large.offers)
        #expect(small.events == CatalogScale.large.events)
        #expect(small.multiCustomers == 100 && small.holdCustomers == 200 && small.attendeesPerSourceEvent == 20)
        #expect(small.fileStem != CatalogScale.large.fileStem)
        #expect(CatalogScale.named("large-1m") == .large)
        #expect(CatalogScale.named("large-200000")?.name == "large-200k")
        #expect(CatalogScale.named("large-r2") == nil)
        #expect(CatalogScale.named("medium") == nil)
    }

    @Test func counts() {
        #expect(CatalogScale.count("10k") == 10_000)
        #expect(CatalogScale.count("1M") == 1_000_000)
        #expect(CatalogScale.count("x") == nil)
        #expect(CatalogScale.shortCount(200_000) == "200k")
        #expect(CatalogScale.shortCount(12_345) == "12345")
    }
}
