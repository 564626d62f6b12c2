// swift-tools-version: 6.1
// Benchmarks for breach, kept out of the main package so its build and CI never pay for them.
// `scripts/bench` (at the repository root) runs everything; see docs/performance.md.
import PackageDescription

let package = Package(
    name: "breach-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "breach", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // In-process paths measured with ordo-one/benchmark: `swift package benchmark`.
        .executableTarget(
            name: "BreachBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "BreachKit", package: "breach"),
                .product(name: "BreachDatasets", package: "breach"),
            ],
            path: "Benchmarks/BreachBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The data-set generator and the timed in-process runs `scripts/bench` puts next to their limit tools.
        .executableTarget(
            name: "breach-bench",
            dependencies: [.product(name: "BreachKit", package: "breach"), .product(name: "BreachDatasets", package: "breach")],
            path: "Sources/breach-bench"
        ),
    ]
)
