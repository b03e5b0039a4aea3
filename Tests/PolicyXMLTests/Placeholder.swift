import Testing

@Test func PolicyXMLTestsBuilds() {
    #expect(Bool(true))
}
