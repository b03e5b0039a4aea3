@testable import PolicyExpressions
import PolicySource
import Testing

/// `GuidValue` keeps its bytes inline: the byte order, the empty GUID and the version-4 bits of a
/// seeded random one are those of the byte array it used to be.
@Suite struct GuidValueTests {
    @Test func bytesRoundTrip() {
        let bytes: [UInt8] = (0..<16).map { UInt8($0 * 17) }
        var guid = GuidValue(bytes: bytes)
        #expect(guid.bytes == bytes)
        #expect(Value.guid(guid).dotNetString == "33221100-5544-7766-8899-aabbccddeeff")
        guid.bytes[15] = 1
        #expect(guid.bytes.last == 1 && guid != GuidValue(bytes: bytes))
        #expect(GuidValue(bytes: [1, 2, 3]) == GuidValue.empty)
        #expect(GuidValue.empty.bytes == Array(repeating: 0, count: 16))
    }

    @Test func randomGuidsAreVersionFourAndSeeded() {
        var generator = SeededRandom(seed: 42)
        var again = SeededRandom(seed: 42)
        for _ in 0..<50 {
            let guid = GuidValue.random(using: &generator)
            #expect(guid == GuidValue.random(using: &again))
            #expect(guid.bytes[7] >> 4 == 4 && guid.bytes[8] >> 6 == 2)
        }
        var pinned = SeededRandom(seed: 7)
        #expect(Value.guid(GuidValue.random(using: &pinned)).dotNetString == "59320dd7-e1e4-43cb-9c66-3cf4d73c4c04")  // as the byte-array version made it
    }
}
