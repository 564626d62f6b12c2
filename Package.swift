// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "breach",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "breach", targets: ["breach"]),
        .library(name: "BreachKit", targets: ["BreachKit"]),
        // Seeded data sets for the benchmarks (Benchmarks/) and the tests; not part of what ships.
        .library(name: "BreachDatasets", targets: ["BreachDatasets"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // libcurl's headers from the system (libcurl4-openssl-dev), and typed wrappers for its variadic
        // setters. Not linked: CCurlShim opens libcurl on first use, so commands that send nothing start
        // without it (no pkgConfig, whose `-lcurl` would load it at every start).
        .systemLibrary(name: "CCurl", path: "Sources/CCurl"),
        .target(name: "CCurlShim", dependencies: ["CCurl"], path: "Sources/CCurlShim"),
        // libpq's headers from the system (libpq-dev): the PostgreSQL backend's client (Storage/PostgreSQL/
        // PGConnection.swift wraps it). Not linked: CPostgresShim opens libpq on first use, so SQLite
        // commands start without it and its dependencies.
        .systemLibrary(name: "CPostgres", path: "Sources/CPostgres"),
        .target(name: "CPostgresShim", dependencies: ["CPostgres"], path: "Sources/CPostgresShim"),
        // Pure domain: no I/O, no clock reads, Foundation value types only.
        .target(name: "BreachDomain", path: "Sources/BreachDomain"),
        // Everything with I/O: event store, playbooks, delivery, scheduler, reports, the application service.
        .target(
            name: "BreachKit",
            dependencies: [
                "BreachDomain",
                "CCurlShim",
                "CPostgresShim",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for binding hot-path INSERTs directly (BoundStatement, EventScan).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "CSV", package: "CSV.swift"),
                // Structured logs of check and notify (`--log-format json`): libraries take a Logger, the CLI bootstraps it.
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/BreachKit"
        ),
        // Deterministic incident histories for benchmarks and their smoke tests, kept out of BreachKit.
        .target(
            name: "BreachDatasets",
            dependencies: ["BreachKit", "BreachDomain"],
            path: "Sources/BreachDatasets"
        ),
        // `breach serve`: the HTTP API, alert intake and the dashboard, kept out of BreachKit so the CLI's core stays lean.
        .target(
            name: "BreachServer",
            dependencies: [
                "BreachKit",
                "BreachDomain",
                .product(name: "Hummingbird", package: "hummingbird"),
                // NIOThreadPool: the bounded pool that keeps synchronous store calls off the event loops.
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/BreachServer"
        ),
        .executableTarget(
            name: "breach",
            dependencies: [
                "BreachKit",
                "BreachServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/breach"
        ),
        // Helpers shared by the test targets: temporary directories, a fake playbook.
        .target(name: "BreachTestSupport", dependencies: ["BreachDomain"], path: "Tests/BreachTestSupport"),
        .testTarget(
            name: "BreachDomainTests",
            dependencies: ["BreachDomain", "BreachTestSupport"],
            path: "Tests/BreachDomainTests",
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "BreachKitTests",
            dependencies: [
                "BreachKit", "BreachDomain", "BreachDatasets", "BreachTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/BreachKitTests",
            resources: []
        ),
        // The server's pure parts and caches, in process (the HTTP behaviour is tested through the binary).
        .testTarget(
            name: "BreachServerTests",
            dependencies: [
                "BreachServer", "BreachKit", "BreachDomain", "BreachTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/BreachServerTests"
        ),
        .testTarget(
            name: "BreachCLITests",
            dependencies: ["BreachKit", "BreachDomain", "BreachDatasets", "BreachTestSupport"],
            path: "Tests/BreachCLITests"
        ),
    ]
)
