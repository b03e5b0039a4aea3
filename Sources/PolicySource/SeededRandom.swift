/// A deterministic random number generator (SplitMix64): every random choice a scenario makes
/// (GUIDs, retry jitter, random pool balancing, `new Random()`) draws from one of these, seeded
/// from the scenario's `seed`, so a run is identical on every machine.
public struct SeededRandom: RandomNumberGenerator, Sendable, Hashable {
    private var state: UInt64

    public init(seed: UInt64) {
        self.state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A derived generator for an independent stream (e.g. one per purpose), so adding a random
    /// draw in one place does not shift the values drawn in another.
    public func derived(_ label: String) -> SeededRandom {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in label.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return SeededRandom(seed: state ^ hash)
    }

    /// A uniformly distributed double in [0, 1).
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
