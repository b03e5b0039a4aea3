import Testing

@Test func PolicyModelTestsBuilds() {
    #expect(Bool(true))
}
