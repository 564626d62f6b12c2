// swift-tools-version: 6.1
// libFuzzer harnesses for breach's parsers (docs/reliability.md). Built only by scripts/fuzz, with
// `-sanitize=fuzzer`, into its own build folder; not part of the main package or its test suite.
import PackageDescription

let package = Package(
    name: "BreachFuzz",
    dependencies: [.package(name: "breach", path: "..")],
    targets: [
        .executableTarget(
            name: "BreachFuzz",
            dependencies: [.product(name: "BreachKit", package: "breach")],
            path: "Sources/BreachFuzz"
        ),
    ]
)
