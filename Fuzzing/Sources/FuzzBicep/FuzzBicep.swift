import PolicyBackends
import PolicySource

/// The Bicep reader (lexer, parser, evaluation of loops and expressions) plus the validator, and
/// the pool selector and circuit breaker on whatever it loaded.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBicep(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let result = try? BackendLoader.load(SourceFile(path: "fuzz.bicep", bytes: bytes)) else { return 0 }
    for backend in result.catalog.backends {
        if let pool = backend.pool {
            var selector = PoolSelector(poolID: backend.id, pool: pool)
            _ = selector.select(at: 0) { _ in true }
        }
        if let rule = backend.circuitBreaker {
            var state = CircuitBreakerState(backendID: backend.id, rule: rule)
            _ = state.record(.status(429, retryAfter: "1"), at: 0)
        }
    }
    return 0
}

/// SwiftPM links an executable with `main` defined as `FuzzBicep_main`, so libFuzzer's own `main` is
/// not used: this entry point hands the command line to libFuzzer's driver instead.
@_cdecl("FuzzBicep_main")
public func FuzzBicepMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzBicep)
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32
