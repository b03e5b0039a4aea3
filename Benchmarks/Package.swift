// swift-tools-version:6.1
import Foundation
import PackageDescription

/// The main package is `..`; its identity is its folder name, whatever the clone is called.
let mainPackage = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

/// The package-benchmark suite (ordo-one/benchmark). It lives in its own package so that
/// `swift test` never builds it. Run it with `Scripts/bench` (see Docs/performance.md), or:
///
///     swift build -c release --package-path Benchmarks --product policycheck   # the process benchmarks start it
///     swift package --package-path Benchmarks benchmark
///
/// The `MallocInterposer` trait is named on purpose: the package's default traits also pull in a
/// runtime interposer package that is not among the machine's cached packages, so the default set
/// does not resolve offline. There is no jemalloc in this version (BENCHMARK_DISABLE_JEMALLOC is
/// only an old alias that turns the malloc interposer off).
let package = Package(
    name: "policycheck-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "PolicyCheckBenchmarks",
            dependencies: [
                .product(name: "PolicyCheck", package: mainPackage),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/PolicyCheckBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
