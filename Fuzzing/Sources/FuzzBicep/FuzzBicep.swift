import FuzzSupport
import PolicyBackends
import PolicySource

/// The Bicep reader (lexer, parser, evaluation of loops and expressions) plus the validator, and
/// the pool selector and circuit breaker on whatever it loaded.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBicep(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let bytes = fuzzBytes(data, size) else { return 0 }
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

@_cdecl("FuzzBicep_main")
public func FuzzBicepMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzBicep)
}
