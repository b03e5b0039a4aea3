import PolicySource
import PolicyXML

extension LintRules {
    /// `markup`: the check runs in the parser, before any rule of the linter: PolicyXMLParser
    /// (Sources/PolicyXML/PolicyXMLParser.swift) reports libxml2's messages, and DocumentBuilder a
    /// UTF-16/32 file.
    enum Markup {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule(PolicyXMLParser.Rule.markup, .error, "The document is not well-formed XML once expressions are set aside.")
        static let documentation = "The document is not well-formed XML once expressions are set aside (libxml2's message: mismatched tags, junk after the root, broken comments, an attribute given twice, `<` in an attribute outside an expression …)."

        static let examples: [LintExample] = [
            .fires("<policies><inbound>↓</inbund></policies>", "Opening and ending tag mismatch: inbound line 1 and inbund"),
            .fires(policies("<set-variable name=\"a\" name=\"b\" value=\"1\" ↓/>"), "Attribute name redefined"),
            .quiet(policies()),
        ]
    }
}

extension LintRule {
    public static var markup: LintRule { LintRules.Markup.rule }
}
