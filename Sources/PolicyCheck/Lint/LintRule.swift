import PolicySource

/// A lint rule: its id (printed in brackets), default severity and the help text shown in SARIF
/// and in `Docs/lint-rules.md`.
public struct LintRule: Sendable, Hashable {
    public var id: String
    public var severity: Severity
    public var summary: String

    public init(_ id: String, _ severity: Severity, _ summary: String) {
        self.id = id
        self.severity = severity
        self.summary = summary
    }
}

extension LintRule {
    public static let markup = LintRule("markup", .error, "The document is not well-formed XML once expressions are set aside.")
    public static let expressionUnclosed = LintRule("expression-unclosed", .error, "An `@(` or `@{` expression never reaches its matching `)` or `}`.")
    public static let xmlDoctype = LintRule("xml-doctype", .error, "A DOCTYPE declaration: refused, as it enables external entities and entity expansion.")
    public static let xmlLimits = LintRule("xml-limits", .error, "The file is larger, or nested deeper, than policycheck accepts.")
    public static let root = LintRule("root", .error, "The root element is neither `<policies>` nor `<fragment>`.")
    public static let sectionUnknown = LintRule("section-unknown", .error, "An element under `<policies>` that is not inbound, backend, outbound or on-error.")
    public static let sectionDuplicate = LintRule("section-duplicate", .error, "A section appears more than once.")
    public static let sectionOrder = LintRule("section-order", .warning, "Sections are not in the order inbound, backend, outbound, on-error (APIM runs them in that order whatever the document order, so the document misleads its reader).")
    public static let policyUnknown = LintRule("policy-unknown", .error, "An element that is not an APIM policy (with a did-you-mean suggestion).")
    public static let policySection = LintRule("policy-section", .error, "A policy stands in a section where APIM does not allow it (on-error's restricted list included).")
    public static let attributeUnknown = LintRule("attribute-unknown", .error, "An attribute the policy or element does not have.")
    public static let attributeRequired = LintRule("attribute-required", .error, "A required attribute is missing.")
    public static let attributeExclusive = LintRule("attribute-exclusive", .error, "Attributes that exclude each other, or none of a required set (base-url/backend-id, timeout/timeout-ms).")
    public static let attributeValue = LintRule("attribute-value", .error, "A literal value of the wrong type or out of range (integers, booleans, enumerations such as exists-action or http-version).")
    public static let attributeExpression = LintRule("attribute-expression", .error, "A policy expression where the attribute accepts literal values only.")
    public static let elementUnknown = LintRule("element-unknown", .error, "A child element the policy does not have.")
    public static let elementCount = LintRule("element-count", .error, "A child element appears fewer or more times than allowed.")
    public static let retryBufferBody = LintRule("retry-buffer-body", .warning, "`forward-request` inside `retry` without `buffer-request-body=\"true\"`: a retried request is sent without its body and fails with \"Content length mismatch\".")
    public static let fragmentStructure = LintRule("fragment-structure", .error, "A fragment holds sections or `<base/>`; nesting `include-fragment` is a warning (older APIM versions refuse it).")
    public static let namedValueUndefined = LintRule("named-value-undefined", .error, "A `{{named value}}` that the file given with `--named-values` does not define.")
    public static let fragmentUnknown = LintRule("fragment-unknown", .error, "An `include-fragment` id with no file in the `--fragments` folder.")
    public static let valuePlaceholder = LintRule("value-placeholder", .warning, "A literal that looks like a template placeholder to fill before deployment (`{1}`, `${x}`, `__X__`) or a malformed `{{named value}`, where a typed value is expected.")
    public static let valueEmpty = LintRule("value-empty", .warning, "An empty URL where one is expected.")
    public static let expressionTrailing = LintRule("expression-trailing", .warning, "Text after the end of an expression in the same value.")

    public static let backendUnknown = LintRule("backend-unknown", .error, "A literal `backend-id` that names no backend in the file given with `--backends`.")

    public static let baseGlobal = LintRule("base-global", .error, "`<base/>` in the global (All APIs) policy of an APIOps tree: there is no broader scope, and APIM refuses to save it.")
    public static let baseMissing = LintRule("base-missing", .warning, "In an APIOps tree, a section without `<base/>` (or a missing section) where the broader scope has policies in that section: those policies do not run for this scope.")
    public static let apiopsTree = LintRule("apiops-tree", .error, "A broken or missing piece of an APIOps tree: an unreadable `*Information.json`, a fragment folder without `policy.xml`, a product linking a missing API, an API without a specification.")
    public static let namedValueEnvironment = LintRule("named-value-environment", .error, "With `--environment`, a `{{named value}}` that is a secret the extract does not hold and that the environment file does not give.")
    public static let environmentUnknown = LintRule("environment-unknown", .warning, "An entry of the `--environment` file that names no named value, backend, API or product of the tree.")

    /// Every rule, for SARIF and the documentation.
    public static let all: [LintRule] = [
        .markup, .expressionUnclosed, .xmlDoctype, .xmlLimits, .root, .sectionUnknown, .sectionDuplicate, .sectionOrder,
        .policyUnknown, .policySection, .attributeUnknown, .attributeRequired, .attributeExclusive,
        .attributeValue, .attributeExpression, .elementUnknown, .elementCount, .retryBufferBody, .fragmentStructure,
        .namedValueUndefined, .fragmentUnknown, .expressionTrailing, .valuePlaceholder, .valueEmpty, .backendUnknown,
        .baseGlobal, .baseMissing, .apiopsTree, .namedValueEnvironment, .environmentUnknown,
    ]
}
