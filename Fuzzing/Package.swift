// swift-tools-version:6.1
import PackageDescription

/// libFuzzer targets for policycheck. A separate package so `swift test` of the main package never
/// builds it; build and run through `Scripts/fuzz` (it adds `-sanitize=fuzzer,address`).
/// Each executable exports `LLVMFuzzerTestOneInput`; libFuzzer supplies `main`.
let package = Package(
    name: "policycheck-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "policycheck", path: ".."),
    ],
    targets: [
        .target(name: "FuzzSupport"),
        .executableTarget(name: "FuzzXML", dependencies: [
            .product(name: "PolicyCheck", package: "policycheck"), "FuzzSupport",
        ]),
        .executableTarget(name: "FuzzExpressionParser", dependencies: [
            .product(name: "PolicyCheck", package: "policycheck"), "FuzzSupport",
        ]),
        .executableTarget(name: "FuzzExpressionEval", dependencies: [
            .product(name: "PolicyCheck", package: "policycheck"), "FuzzSupport",
        ]),
        .executableTarget(name: "FuzzScenario", dependencies: [
            .product(name: "PolicyCheck", package: "policycheck"), "FuzzSupport",
        ]),
        .executableTarget(name: "FuzzBicep", dependencies: [
            .product(name: "PolicyCheck", package: "policycheck"), "FuzzSupport",
        ]),
        .executableTarget(name: "FuzzRun", dependencies: [
            .product(name: "PolicyCheck", package: "policycheck"), "FuzzSupport",
        ]),
        .executableTarget(name: "FuzzCLI", dependencies: [
            .product(name: "PolicyCheck", package: "policycheck"), "FuzzSupport",
        ]),
        .executableTarget(name: "FuzzLSP", dependencies: [
            .product(name: "PolicyCheck", package: "policycheck"), "FuzzSupport",
        ]),
    ],
    swiftLanguageModes: [.v6]
)
