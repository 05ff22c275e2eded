// swift-tools-version:6.0
import PackageDescription

/// Settings every Swift target shares, declared once.
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Tessera",
    products: [
        .executable(name: "tessera", targets: ["tessera"]),
        .executable(name: "tessera-bench", targets: ["TesseraBench"]),
        .library(name: "TesseraClient", targets: ["TesseraClient"]),
        // Bench only (issue 17): a counting allocator that `tessera-bench` preloads
        // (LD_PRELOAD) into the `tessera serve` it spawns. Nothing links it.
        .library(name: "TesseraAllocCounter", type: .dynamic, targets: ["CAllocCounter"]),
    ],
    targets: [
        // The system SQLite, linked like GRDB does: a module map over a shim header.
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // Linux headers Glibc does not expose (epoll, eventfd, signalfd, accept4). Its header
        // includes socket headers textually, so in a module that imports it anywhere, every file
        // using socket or epoll names must import it too (else they may not be found, depending
        // on how the compiler batches the files).
        .target(name: "CSystemLinux", path: "Sources/CSystemLinux"),

        // The pure rule engine: catalog model, matching, limits, periods, prices.
        .target(name: "TesseraCore", path: "Sources/TesseraCore", swiftSettings: strict),
        // SQLite: catalog loader, catalog writer, usage ledger.
        .target(
            name: "TesseraStore",
            dependencies: ["TesseraCore", "CSQLite"],
            path: "Sources/TesseraStore",
            swiftSettings: strict
        ),
        // The network layer: the epoll loop, connections, sockets, signals. It knows lines,
        // not verbs: a `LineHandler` answers them.
        .target(
            name: "TesseraNetwork",
            dependencies: ["CSystemLinux"],
            path: "Sources/TesseraNetwork",
            swiftSettings: strict
        ),
        // The protocol layer: request parsing, reply writing, percent-coding, the verb table.
        .target(
            name: "TesseraProtocol",
            dependencies: ["TesseraCore"],
            path: "Sources/TesseraProtocol",
            swiftSettings: strict
        ),
        // The client library a storefront links: typed requests and replies, pipelining,
        // reconnecting and repeating what is safe to repeat. It speaks through the protocol
        // layer's percent-coding and never touches the server.
        .target(
            name: "TesseraClient",
            dependencies: ["TesseraProtocol", "TesseraCore"],
            path: "Sources/TesseraClient",
            swiftSettings: strict
        ),
        // The server: the request layer over the rule engine and the ledger, its commands,
        // `serve` options, and the runner that wires it to the network.
        .target(
            name: "TesseraServer",
            dependencies: ["TesseraCore", "TesseraStore", "TesseraProtocol", "TesseraNetwork"],
            path: "Sources/TesseraServer",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "tessera",
            dependencies: ["TesseraServer", "TesseraProtocol", "TesseraNetwork", "TesseraStore", "TesseraCore", "TesseraClient"],
            path: "Sources/tessera",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "TesseraBench",
            dependencies: [
                "TesseraServer", "TesseraClient", "TesseraProtocol", "TesseraNetwork", "TesseraStore", "TesseraCore",
                "CSystemLinux",
            ],
            path: "Benchmarks/TesseraBench",
            swiftSettings: strict
        ),
        // The counting allocator of the product above: plain C, no dependencies.
        .target(
            name: "CAllocCounter",
            path: "Benchmarks/CAllocCounter",
            linkerSettings: [.linkedLibrary("dl")]
        ),

        .testTarget(
            name: "TesseraCoreTests",
            dependencies: ["TesseraCore"],
            path: "Tests/TesseraCoreTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "TesseraStoreTests",
            dependencies: ["TesseraStore", "TesseraCore"],
            path: "Tests/TesseraStoreTests",
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TesseraClientTests",
            dependencies: ["TesseraClient", "TesseraProtocol"],
            path: "Tests/TesseraClientTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "TesseraBenchTests",
            dependencies: ["TesseraBench"],
            path: "Tests/TesseraBenchTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "TesseraServerTests",
            dependencies: [
                "TesseraServer", "TesseraProtocol", "TesseraNetwork", "TesseraStore", "TesseraCore", "TesseraClient",
            ],
            path: "Tests/TesseraServerTests",
            swiftSettings: strict
        ),
    ]
)
