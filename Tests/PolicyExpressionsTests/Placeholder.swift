import Testing

@Test func PolicyExpressionsTestsBuilds() {
    #expect(Bool(true))
}
