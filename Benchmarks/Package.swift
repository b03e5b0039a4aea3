// swift-tools-version:6.1
import Foundation
import PackageDescription

/// The main package is `..`; its identity is its folder name, whatever the clone is called.
let mainPackage = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

/// Benchmarks live in their own package so that `swift test` never builds them.
/// Run: swift run -c release --package-path Benchmarks policycheck-bench
let package = Package(
    name: "policycheck-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(name: "policycheck-bench", dependencies: [.product(name: "PolicyCheck", package: mainPackage)]),
    ],
    swiftLanguageModes: [.v6]
)
