import PolicySource
import Testing
@testable import PolicyBackends

/// Inputs that once trapped the backends readers (see Docs/fuzzing.md). Each must load or fail
/// with an InputError.
@Suite struct FuzzRegressionTests {
    /// A numeric string converted with `Int(_:)` gave Int.max, and `range`/`substring`/`copyIndex`
    /// then added to it: an arithmetic-overflow trap. Numeric strings are now limited like numbers.
    @Test(arguments: [
        "range('9223372036854775807', 2)",
        "range('-9223372036854775808', 2)",
        "substring('abc', 1, '9223372036854775807')",
        "take([1, 2], '-9223372036854775808')",
    ])
    func hugeNumericStringInBicepFunction(_ call: String) throws {
        let bicep = """
        resource b 'Microsoft.ApiManagement/service/backends@2024-06-01-preview' = {
          name: 'b1'
          properties: {
            url: 'https://example.com/${string(\(call))}'
            protocol: 'http'
          }
        }
        """
        let result = try loadText(bicep, path: "fuzz.bicep")
        #expect(result.catalog.backends.map(\.id) == ["b1"])
    }

    @Test func hugeNumericStringIsNotAnInteger() {
        #expect(ConfigValue(.string("9223372036854775807"), at: SourceLocation(path: "x", line: 1, column: 1)).integer == nil)
        #expect(ConfigValue(.string(" 42 "), at: SourceLocation(path: "x", line: 1, column: 1)).integer == 42)
    }

    @Test func hugeCopyIndexOffsetInARMTemplate() throws {
        let json = """
        {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
         "resources": [{"type": "Microsoft.ApiManagement/service/backends", "apiVersion": "2024-06-01-preview",
           "name": "[concat('apim/b', copyIndex('9223372036854775807'))]",
           "copy": {"name": "c", "count": 2},
           "properties": {"url": "https://example.com", "protocol": "http"}}]}
        """
        _ = try loadText(json, path: "fuzz.json")
    }
}
