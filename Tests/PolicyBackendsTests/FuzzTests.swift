import PolicySource
import Testing
@testable import PolicyBackends

/// Truncated and mutated fixtures must load or fail with an InputError: never crash or hang.
@Suite struct FuzzTests {
    static func bytes(_ name: String) throws -> [UInt8] {
        try BackendLoader.readFile(fixtures + name)
    }

    static func attempt(_ bytes: [UInt8], _ path: String) {
        do {
            let result = try BackendLoader.load(SourceFile(path: path, bytes: bytes))
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
        } catch {
            #expect(error.location != nil)
        }
    }

    @Test(arguments: ["openai-pool.bicep", "loops.bicep", "ai-gateway.bicep", "openai-pool.json", "inline.yaml"])
    func truncations(_ name: String) throws {
        let original = try Self.bytes(name)
        for length in stride(from: 0, to: original.count, by: 23) {
            Self.attempt(Array(original[0..<length]), name)
        }
    }

    @Test(arguments: ["openai-pool.bicep", "loops.bicep", "openai-pool.json", "inline.yaml"])
    func mutations(_ name: String) throws {
        let original = try Self.bytes(name)
        var random = SeededRandom(seed: 2026)
        let alphabet = Array("{}[]()'\"$:,.?!=@#\n 0129ax\\/-".utf8)
        for _ in 0..<150 {
            var bytes = original
            for _ in 0..<3 {
                let at = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: at)
                default: bytes[at] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                }
            }
            Self.attempt(bytes, name)
        }
    }
}
