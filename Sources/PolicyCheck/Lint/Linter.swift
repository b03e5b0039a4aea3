import PolicyModel
import PolicyRuntime
import PolicySource
import PolicyXML

/// What the linter checks references against; each set is nil when not given.
public struct LintOptions: Sendable {
    /// Names defined by `--named-values`.
    public var namedValues: Set<String>?
    /// Fragment ids available through `--fragments`.
    public var fragmentIds: Set<String>?
    /// Backend ids available through `--backends`.
    public var backendIds: Set<String>?
    /// The scope the document is checked in (APIOps trees): `<base/>` is an error at global scope.
    public var scope: PolicyScope?
    /// Sections whose broader scope has policies, with the file that holds them: a section here
    /// without `<base/>` (or missing) drops them (`base-missing`).
    public var inheritedSections: [PolicySection: String] = [:]
    /// The document must be a fragment (it stands in `policy fragments/`).
    public var expectsFragment = false
    /// Where the named values come from, for messages ("in the tree", "in configuration.prod.yaml").
    public var namedValuesOrigin = "the file given with --named-values"
    /// Named values defined but whose value this environment does not give (secrets the extract
    /// does not hold): a reference is an error (`named-value-environment`), named by the file.
    public var namedValuesWithoutValue: [String: String] = [:]
    public var fragmentsOrigin = "the fragments folder"
    public var backendsOrigin = "the backends file"

    public init(namedValues: Set<String>? = nil, fragmentIds: Set<String>? = nil, backendIds: Set<String>? = nil) {
        self.namedValues = namedValues
        self.fragmentIds = fragmentIds
        self.backendIds = backendIds
    }
}

/// Checks policy documents against the APIM policy catalog.
public struct Linter: Sendable {
    public var catalog: PolicyCatalog
    public var options: LintOptions
    public var parser: PolicyXMLParser
    /// Extra checks run on every parsed document (expression checks plug in here).
    public var documentChecks: [@Sendable (PolicyDocument) -> [Diagnostic]]

    public init(catalog: PolicyCatalog = .standard, options: LintOptions = LintOptions(), parser: PolicyXMLParser = PolicyXMLParser()) {
        self.catalog = catalog
        self.options = options
        self.parser = parser
        self.documentChecks = []
    }

    /// Lints one file; the findings are sorted by position.
    public func lint(_ file: SourceFile) -> [Diagnostic] {
        let (document, parseDiagnostics) = DocumentBuilder(catalog: catalog).parse(file, parser: parser)
        var findings = parseDiagnostics
        if let document {
            var walker = LintWalker(catalog: catalog, options: options, file: file)
            walker.check(document)
            findings += walker.findings
            for check in documentChecks { findings += check(document) }
        }
        return findings.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
    }

    /// Reads and lints a file from disk.
    public func lint(path: String) throws(InputError) -> [Diagnostic] {
        lint(try SourceFile.read(path))
    }
}

/// Walks one document as the catalog reads it (a policy's content decides what its children are)
/// and collects findings; each check is its rule's, in `Lint/Rules/`.
struct LintWalker {
    let catalog: PolicyCatalog
    let options: LintOptions
    let file: SourceFile
    var findings: [Diagnostic] = []
    /// "Did you mean" per unknown policy name, worked out once per document: a file of a
    /// hundred thousand unknown elements costs one edit-distance search per distinct name.
    var policySuggestions: [String: String] = [:]

    init(catalog: PolicyCatalog, options: LintOptions, file: SourceFile) {
        self.catalog = catalog
        self.options = options
        self.file = file
    }

    mutating func report(_ rule: LintRule, _ message: String, at location: SourceLocation, severity: Severity? = nil) {
        findings.append(Diagnostic(severity ?? rule.severity, rule.id, message, at: location))
    }

    mutating func check(_ document: PolicyDocument) {
        LintRules.Root.check(document, in: &self)
        switch document.kind {
        case .policies:
            LintRules.FragmentStructure.check(root: document, in: &self)
            checkSections(document)
        case .fragment:
            checkFragment(document.root)
        case .other:
            break
        }
        checkNamedValues(document)
    }

    // MARK: Sections

    mutating func checkSections(_ document: PolicyDocument) {
        var seen: [PolicySection: SourceLocation] = [:]
        var lastOrder = -1
        for section in document.sections {
            guard let kind = section.kind else {
                LintRules.SectionUnknown.check(section, in: &self)
                continue
            }
            if LintRules.SectionDuplicate.check(section, kind, seen: seen, in: &self) { continue }
            seen[kind] = section.location
            LintRules.SectionOrder.check(section, kind, after: &lastOrder, in: &self)
            checkAttributes(of: section.element, allowed: [], constraints: [], owner: "section '\(kind.rawValue)'", policyName: nil)
            checkPolicies(section.policies, section: kind, insideRetry: false, inFragment: false)
            checkBase(section, kind)
        }
        LintRules.BaseMissing.check(missingSections: seen, of: document, in: &self)
    }

    /// `<base/>` by scope: an error at global scope, a warning where it is missing and the broader scope has policies.
    mutating func checkBase(_ section: Section, _ kind: PolicySection) {
        guard let scope = options.scope else { return }
        var bases = BasePolicies()
        bases.visitSection(section)
        if scope == .global {
            LintRules.BaseGlobal.check(bases.found, in: &self)
        } else {
            LintRules.BaseMissing.check(section, kind, bases: bases.found, in: &self)
        }
    }

    /// The `<base/>` policies of a section, at any depth.
    struct BasePolicies: PolicyWalker {
        var found: [Policy] = []

        mutating func visitPolicy(_ policy: Policy) {
            if policy.name == "base" { found.append(policy) }
            descend(into: policy.element)
        }
    }

    mutating func checkFragment(_ root: Element) {
        LintRules.FragmentStructure.check(fragment: root, in: &self)
        checkPolicies(root.policies.filter { PolicySection(rawValue: $0.name) == nil }, section: nil, insideRetry: false, inFragment: true)
    }

    // MARK: Policies

    mutating func checkPolicies(_ policies: [Policy], section: PolicySection?, insideRetry: Bool, inFragment: Bool) {
        for policy in policies {
            checkPolicy(policy, section: section, insideRetry: insideRetry, inFragment: inFragment)
        }
    }

    mutating func checkPolicy(_ policy: Policy, section: PolicySection?, insideRetry: Bool, inFragment: Bool) {
        let name = policy.name
        guard let spec = catalog.spec(named: name) else {
            LintRules.PolicyUnknown.check(policy, in: &self)
            return
        }
        LintRules.PolicySection.check(policy, spec, in: section, in: &self)
        if inFragment { LintRules.FragmentStructure.check(inFragment: policy, in: &self) }
        checkAttributes(of: policy.element, allowed: spec.attributes, constraints: spec.constraints, owner: "'\(name)'", policyName: name)
        checkContent(of: policy.element, content: spec.content, owner: name, section: section, insideRetry: insideRetry || name == "retry", inFragment: inFragment)
        LintRules.RetryBufferBody.check(policy, insideRetry: insideRetry, in: &self)
        LintRules.FragmentUnknown.check(policy, in: &self)
        LintRules.BackendUnknown.check(policy, in: &self)
    }

    mutating func checkContent(of element: Element, content: ContentSpec, owner: String, section: PolicySection?, insideRetry: Bool, inFragment: Bool) {
        switch content {
        case .policies:
            checkPolicies(element.policies, section: section, insideRetry: insideRetry, inFragment: inFragment)
        case .elements(let specs):
            for child in element.elements {
                guard let childSpec = LintRules.ElementUnknown.check(child, of: owner, allowed: specs, in: &self) else { continue }
                checkAttributes(of: child, allowed: childSpec.attributes, constraints: childSpec.constraints, owner: "'\(child.name)' in '\(owner)'", policyName: nil)
                checkContent(of: child, content: childSpec.content, owner: child.name, section: section, insideRetry: insideRetry, inFragment: inFragment)
            }
            LintRules.ElementCount.check(element, of: owner, specs, in: &self)
        case .empty, .text:
            LintRules.ElementUnknown.check(childrenOf: element, owner: owner, in: &self)
            LintRules.AttributeExpression.check(textOf: element, content: content, owner: owner, in: &self)
        case .any:
            break
        }
        if let text = element.text, let expression = text.expression {
            LintRules.ExpressionTrailing.check(expression, in: &self)
        }
    }

    // MARK: Attributes

    mutating func checkAttributes(of element: Element, allowed: [AttributeSpec], constraints: [AttributeConstraint], owner: String, policyName: String?) {
        // A repeated attribute never gets here: libxml2 reports it as a markup error.
        for attribute in element.attributes {
            if policyName != nil, attribute.name == "id" { continue }
            if attribute.name.hasPrefix("xmlns") || attribute.name.containsUTF8(UInt8(ascii: ":")) { continue }
            guard let spec = LintRules.AttributeUnknown.check(attribute, of: owner, allowed: allowed, in: &self) else { continue }
            checkValue(attribute, spec: spec, owner: owner)
        }
        LintRules.AttributeRequired.check(element, of: owner, allowed: allowed, in: &self)
        LintRules.AttributeExclusive.check(element, of: owner, constraints, in: &self)
    }

    mutating func checkValue(_ attribute: PolicyAttribute, spec: AttributeSpec, owner: String) {
        let value = attribute.value
        if let expression = value.expression {
            LintRules.AttributeExpression.check(value, spec: spec, owner: owner, in: &self)
            LintRules.ExpressionTrailing.check(expression, in: &self)
            return
        }
        guard value.isLiteral else { return }
        guard let problem = LiteralChecker.problem(with: value.text, as: spec.type) else { return }
        // One finding per wrong literal: a placeholder, else an empty URL, else a wrong value.
        if LintRules.ValuePlaceholder.check(value, problem, spec: spec, owner: owner, in: &self) { return }
        if LintRules.ValueEmpty.check(value, spec: spec, owner: owner, in: &self) { return }
        report(LintRules.AttributeValue.rule, LintRules.AttributeValue.message(spec.name, of: owner, problem), at: value.location)
    }

    // MARK: Named values

    mutating func checkNamedValues(_ document: PolicyDocument) {
        guard let defined = options.namedValues else { return }
        for entry in DocumentValues(document).entries {
            for reference in entry.value.namedValues {
                if !defined.contains(reference.name) {
                    // A Liquid template's {{ }} are Liquid output, except names that are named values (APIM substitutes those).
                    if !entry.inLiquid { LintRules.NamedValueUndefined.report(reference, defined: defined, in: &self) }
                } else {
                    LintRules.NamedValueEnvironment.check(reference, in: &self)
                }
            }
        }
    }
}
