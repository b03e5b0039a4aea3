import PolicySource
import PolicyXML

extension LintRules {
    /// `xml-doctype`: the check runs in the parser's scan before libxml2 sees the file (PolicyXMLParser,
    /// Sources/PolicyXML/PolicyXMLParser.swift), which also words the message.
    enum XMLDoctype {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule(PolicyXMLParser.Rule.doctype, .error, "A DOCTYPE declaration: refused, as it enables external entities and entity expansion.")
        static let documentation = "A `<!DOCTYPE …>`: refused before parsing, since external entities (XXE) and entity expansion (billion laughs) live there. APIM documents never need one."

        static let examples: [LintExample] = [
            .fires("↓<!DOCTYPE policies [<!ENTITY x \"y\">]>\n<policies />",
                   "DOCTYPE declarations are not allowed in policy documents (they enable external entities and entity expansion)"),
            .quiet("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<policies />"),
        ]
    }
}

extension LintRule {
    public static var xmlDoctype: LintRule { LintRules.XMLDoctype.rule }
}
