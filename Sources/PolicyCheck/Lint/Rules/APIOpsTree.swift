import PolicySource

extension LintRules {
    /// `apiops-tree`: a broken or missing piece of an APIOps tree. The checks run where the tree is
    /// read: ServiceTreeLoader (Sources/PolicyCheck/Service/ServiceTreeLoader.swift, its `problem`s),
    /// APIOpsBackends (Sources/PolicyBackends) for backendInformation.json, and ServiceLint for a policy
    /// file that cannot be read; each words its own message.
    enum APIOpsTree {
        static let definition = LintRuleDefinition(rule, documentation, severity: documentedSeverity) { examples }
        static let rule = LintRule("apiops-tree", .error, "A broken or missing piece of an APIOps tree: an unreadable `*Information.json`, a fragment folder without `policy.xml`, a product linking a missing API, an API without a specification.")
        static let documentedSeverity = "error / warning"
        static let documentation = "A broken or missing piece of an APIOps tree: an unreadable or invalid `*Information.json`, a fragment folder without `policy.xml`, a product linking an API the tree does not hold, an API without a specification (errors); a named value without a value, an operation folder the specification does not list, an unknown fragment format (warnings)."

        static let examples: [LintExample] = [
            .tree([
                (path: "apimartifacts/apis/a/apiInformation.json", text: "{\n  \"properties\": {\n    \"path\": \"a\"\n  \n↓"),
                (path: "apimartifacts/apis/a/specification.yaml", text: "openapi: 3.0.1\npaths: {}\n"),
            ]),
            .tree([
                (path: "apimartifacts/apis/a/apiInformation.json", text: "{ \"properties\": { \"path\": \"a\" } }\n"),
                (path: "apimartifacts/apis/a/specification.yaml", text: "openapi: 3.0.1\npaths: {}\n"),
                (path: "apimartifacts/products/p/productInformation.json", text: "{ \"properties\": { \"displayName\": \"P\" } }\n"),
                (path: "apimartifacts/products/p/apis.json", text: "[\n  { \"name\": \"a\" },\n  ↓{ \"name\": \"ghost\" }\n]\n"),
            ], "product 'p' links API 'ghost', which the tree does not hold (no apis/ghost/)"),
        ]
    }
}

extension LintRule {
    public static var apiopsTree: LintRule { LintRules.APIOpsTree.rule }
}
