import Testing

@Test func PolicyBackendsTestsBuilds() {
    #expect(Bool(true))
}
