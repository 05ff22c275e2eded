import Foundation
import Glibc

/// Issue 17's memory target: Tessera's resident set (VmRSS) with a catalog loaded, against
/// Redis's after it was given the same catalog as hashes and sets (`RedisCatalogLayout`,
/// loaded by `RedisCatalog`). Each side is a fresh process holding that catalog alone.
enum MemoryVersusRedis {
    struct Figure {
        var catalog: CatalogScale
        var tesseraResident: Int
        var tesseraPeak: Int
        var redisEmpty: Int
        var redisResident: Int
        var redisUsedMemory: Int?
        var loaded: RedisCatalog.Loaded
    }

    static func measure(_ bench: Workbench, catalogName: String) throws -> Figure? {
        let catalog = try bench.catalog(catalogName)
        let server = try bench.startServer(catalog: catalog.path)
        let tessera = server.memory
        server.stop()
        guard let tessera else { return nil }

        let redis = try RedisBaseline(directory: bench.directory)
        defer { redis.stop() }
        let empty = ProcessMemory.resident(pid: redis.pid)?.current ?? 0
        let loaded = try RedisCatalog.load(catalog: catalog.path, port: redis.port)
        usleep(200_000)
        guard let resident = ProcessMemory.resident(pid: redis.pid)?.current else { return nil }
        let used = try redis.usedMemory()
        note(String(format: "%@: Redis loaded %d rows in %d commands (%d errors) in %.1f s; resident %d MiB (empty %d MiB), used_memory %d MiB; Tessera %d MiB",
                    catalog.scale.name, loaded.rows, loaded.commands, loaded.errors, loaded.seconds, mib(resident), mib(empty),
                    mib(used ?? 0), mib(tessera.current)))
        if let error = loaded.firstError { note("first Redis error: \(error)") }
        return Figure(
            catalog: catalog.scale, tesseraResident: tessera.current, tesseraPeak: tessera.peak, redisEmpty: empty,
            redisResident: resident, redisUsedMemory: used, loaded: loaded)
    }

    static func report(_ bench: Workbench, report: Issue17Report, catalogs: [String]) throws {
        guard RedisBaseline.executable() != nil else {
            report.target("Memory: Tessera resident ≤ Redis's with the same catalog", "not measured: redis-server not installed", met: nil)
            return
        }
        var table = "Memory with the catalog loaded (VmRSS of each process; Redis holding it as `RedisCatalogLayout` says, loaded by pipelined commands):\n\n"
        table += "| Catalog | Members (+ attendees) | Tessera resident (peak) | Redis resident (empty) | Redis `used_memory` | Redis commands, load time | Tessera / Redis |\n"
        table += "|---|---:|---:|---:|---:|---:|---:|\n"
        for name in catalogs {
            guard let f = try measure(bench, catalogName: name) else { continue }
            if f.loaded.errors > 0 { report.clean = false }
            let ratio = Double(f.tesseraResident) / Double(max(1, f.redisResident))
            let members = "\(Report.grouped(Double(f.catalog.members))) (+\(Report.grouped(Double(f.catalog.sourceAudiences * f.catalog.attendeesPerSourceEvent))))"
            table += String(format: "| %@ | %@ | %d MiB (%d) | %d MiB (%d) | %@ | %@, %.1f s | %.2f |\n", f.catalog.name, members,
                            mib(f.tesseraResident), mib(f.tesseraPeak), mib(f.redisResident), mib(f.redisEmpty),
                            f.redisUsedMemory.map { "\(mib($0)) MiB" } ?? "?", Report.grouped(Double(f.loaded.commands)), f.loaded.seconds, ratio)
            report.target("Memory: Tessera resident ≤ Redis's holding the same catalog, \(CatalogScale.shortCount(f.catalog.members)) members",
                          String(format: "Tessera %d MiB vs Redis %d MiB (%.2f ×)", mib(f.tesseraResident), mib(f.redisResident), ratio),
                          met: f.tesseraResident <= f.redisResident)
        }
        report.sections.append(table)
    }
}
