import Testing

@Test func PolicyRuntimeTestsBuilds() {
    #expect(Bool(true))
}
