import PolicySource
import PolicyXML

extension LintRules {
    /// `xml-limits`: the check runs in the parser (PolicyXMLParser, Sources/PolicyXML/PolicyXMLParser.swift:
    /// its `maxFileSize` and `maxDepth`), which also words the message.
    enum XMLLimits {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule(PolicyXMLParser.Rule.limits, .error, "The file is larger, or nested deeper, than policycheck accepts.")
        static let documentation = "The file is larger than 4 MiB or nests elements deeper than 128 levels."

        static let examples: [LintExample] = [
            .fires("<fragment>" + String(repeating: "<a>", count: 127) + "↓<a>" + String(repeating: "</a>", count: 128) + "</fragment>",
                   "elements are nested deeper than 128 levels"),
            .quiet("<fragment>" + String(repeating: "<a>", count: 127) + String(repeating: "</a>", count: 127) + "</fragment>"),
        ]
    }
}

extension LintRule {
    public static var xmlLimits: LintRule { LintRules.XMLLimits.rule }
}
