import Testing

@Test func PolicyCheckTestsBuilds() {
    #expect(Bool(true))
}
