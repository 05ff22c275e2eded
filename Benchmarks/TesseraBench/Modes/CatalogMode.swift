import Foundation
import TesseraServer

/// `tessera-bench catalog`: generates the catalog (cached in --dir) and measures
/// loading it: in this process (read + validate + index, timed per phase), and
/// as `tessera serve` start-up with the resident memory it ends up with.
enum CatalogMode {
    static let options: Set<String> = ["catalog", "repeat"]

    static func run(_ options: Options) throws -> Int32 {
        let bench = try Workbench(options)
        let catalog = try bench.catalog(options.string("catalog", default: "large"))
        for _ in 0..<(try options.int("repeat", default: 3)) {
            let server = try bench.startServer(catalog: catalog.path)
            server.stop()
        }
        return 0
    }
}
