// swift-tools-version:6.1
import PackageDescription

/// policycheck — an offline parser, linter and simulator for Azure API Management policies.
///
/// Data flows one way through the targets (each declares exactly the targets it imports):
///
///     CLibXML2 → PolicyXML → PolicyModel ─────────┐
///     DotNet (.NET surface) → PolicyExpressions ──┼─→ PolicyRuntime → PolicyCheck → policycheck
///                PolicyBackends (Yams) ───────────┘
///
/// DotNet (the .NET / Newtonsoft.Json library in pure Swift, swift-crypto) knows nothing of the expression
/// language; PolicyRuntime and PolicyCheck also import it for JToken, JWT, DateTime, Convert.
///
/// PolicySource (files, locations, diagnostics) is below all of them.

let package = Package(
    name: "policycheck",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "policycheck", targets: ["policycheck"]),
        .library(name: "PolicyCheck", targets: ["PolicyCheck", "PolicyRuntime", "PolicyExpressions", "DotNet", "PolicyBackends", "PolicyModel", "PolicyXML", "PolicySource"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/swift-otel/swift-w3c-trace-context", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // The only target that talks to C.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // Source files, locations and diagnostics shared by every layer.
        .target(name: "PolicySource"),
        // Raw-XML pre-pass, libxml2 parse, source map.
        .target(name: "PolicyXML", dependencies: ["CLibXML2", "PolicySource"]),
        // Typed policy AST and the APIM policy catalog.
        .target(name: "PolicyModel", dependencies: ["PolicyXML", "PolicySource"]),
        // The .NET / Newtonsoft.Json library surface policy expressions observe (JToken, DateTime, Regex,
        // formatting, JWT, …), in pure Swift; it knows nothing of the expression language.
        .target(name: "DotNet", dependencies: [
            "PolicySource",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        // The C# subset of policy expressions: lexer, parser, checker, evaluator.
        .target(name: "PolicyExpressions", dependencies: [
            "DotNet", "PolicySource",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Backend entities from inline maps, ARM JSON and Bicep; validation.
        .target(name: "PolicyBackends", dependencies: [
            "PolicySource",
            .product(name: "Yams", package: "Yams"),
        ]),
        // The interpreter and the simulated gateway on a virtual clock.
        .target(name: "PolicyRuntime", dependencies: [
            "PolicyModel", "PolicyXML", "PolicyExpressions", "DotNet", "PolicyBackends", "PolicySource",
            .product(name: "W3CTraceContext", package: "swift-w3c-trace-context"),
        ]),
        // Lint rules, scenarios, run/test, output formats: the library the CLI and test authors use.
        .target(name: "PolicyCheck", dependencies: [
            "PolicyRuntime", "PolicyModel", "PolicyExpressions", "DotNet", "PolicyBackends", "PolicyXML", "PolicySource",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Histogram", package: "hdrhistogram-swift"),
        ]),
        .executableTarget(name: "policycheck", dependencies: [
            "PolicyCheck", "PolicyRuntime", "PolicySource",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "PolicyXMLTests", dependencies: ["PolicyXML", "PolicySource"]),
        .testTarget(name: "PolicyModelTests", dependencies: ["PolicyModel"]),
        .testTarget(name: "DotNetTests", dependencies: [
            "DotNet", "PolicySource",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        .testTarget(name: "PolicyExpressionsTests", dependencies: ["PolicyExpressions", "DotNet", "PolicySource"]),
        .testTarget(name: "PolicyBackendsTests", dependencies: ["PolicyBackends", "PolicySource", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "PolicyRuntimeTests", dependencies: [
            "PolicyRuntime", "PolicyCheck", "PolicyBackends", "PolicyExpressions", "DotNet", "PolicyModel", "PolicySource",
            .product(name: "W3CTraceContext", package: "swift-w3c-trace-context"),
        ]),
        .testTarget(name: "PolicyCheckTests", dependencies: ["PolicyCheck", "PolicyBackends", "PolicyModel", "PolicyRuntime", "PolicySource"],
                    exclude: ["Goldens"]),
        .testTarget(name: "EndToEndTests", dependencies: ["PolicyCheck"]),
    ],
    swiftLanguageModes: [.v6]
)
