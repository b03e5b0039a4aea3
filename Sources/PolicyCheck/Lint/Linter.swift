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

/// Walks one document and collects findings.
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
        switch document.kind {
        case .policies:
            if options.expectsFragment {
                report(.fragmentStructure, "a fragment's root element is 'fragment', not 'policies' (it stands in the policy fragments folder)", at: document.root.location)
            }
            checkSections(document)
        case .fragment:
            if options.scope != nil, !options.expectsFragment {
                report(.root, "a policy document at \(options.scope!.rawValue) scope has the root element 'policies', not 'fragment'", at: document.root.location)
            }
            checkFragment(document.root)
        case .other(let name):
            let suggestion = closestMatch(to: name, in: ["policies", "fragment"]).map { "; did you mean '\($0)'?" } ?? ""
            report(.root, "root element '\(name)' is neither 'policies' nor 'fragment'\(suggestion)", at: document.root.location)
        }
        checkNamedValues(document.root)
    }

    // MARK: Sections

    mutating func checkSections(_ document: PolicyDocument) {
        var seen: [PolicySection: SourceLocation] = [:]
        var lastOrder = -1
        let order = PolicySection.allCases
        for section in document.sections {
            guard let kind = section.kind else {
                let name = section.element.name
                if catalog.spec(named: name) != nil {
                    report(.sectionUnknown, "policy '\(name)' must stand inside a section (inbound, backend, outbound or on-error)", at: section.location)
                } else {
                    let suggestion = closestMatch(to: name, in: order.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? ""
                    report(.sectionUnknown, "'\(name)' is not a section; sections are inbound, backend, outbound and on-error\(suggestion)", at: section.location)
                }
                continue
            }
            if let first = seen[kind] {
                report(.sectionDuplicate, "section '\(kind.rawValue)' appears again; the first is at line \(first.line)", at: section.location)
                continue
            }
            seen[kind] = section.location
            let position = order.firstIndex(of: kind) ?? 0
            if position < lastOrder {
                report(.sectionOrder, "section '\(kind.rawValue)' must come before '\(order[lastOrder].rawValue)'", at: section.location)
            }
            lastOrder = max(lastOrder, position)
            checkAttributes(of: section.element, allowed: [], constraints: [], owner: "section '\(kind.rawValue)'", policyName: nil)
            checkPolicies(section.policies, section: kind, insideRetry: false, inFragment: false)
            checkBase(section.policies, section: kind, at: section.location)
        }
        if options.scope != nil {
            for kind in order where seen[kind] == nil {
                guard let broader = options.inheritedSections[kind] else { continue }
                report(.baseMissing, "section '\(kind.rawValue)' is missing: the \(kind.rawValue) policies of the broader scope (\(broader)) do not run here",
                       at: document.root.location)
            }
        }
    }

    /// `<base/>` by scope: an error at global scope, a warning where it is missing and the broader scope has policies.
    mutating func checkBase(_ policies: [Policy], section kind: PolicySection, at location: SourceLocation) {
        guard let scope = options.scope else { return }
        var bases: [Policy] = []
        var stack = policies
        while let policy = stack.popLast() {
            if policy.name == "base" { bases.append(policy) }
            stack += policy.element.policies
            for child in policy.element.elements { stack += child.policies }
        }
        if scope == .global {
            for base in bases {
                report(.baseGlobal, "'<base/>' in the global (All APIs) policy: there is no broader scope, and APIM refuses to save it", at: base.location)
            }
        } else if bases.isEmpty, let broader = options.inheritedSections[kind] {
            report(.baseMissing, "section '\(kind.rawValue)' has no '<base/>': the \(kind.rawValue) policies of the broader scope (\(broader)) do not run here",
                   at: location)
        }
    }

    mutating func checkFragment(_ root: Element) {
        for policy in root.policies {
            if PolicySection(rawValue: policy.name) != nil {
                report(.fragmentStructure, "a fragment holds policies only, not the section '\(policy.name)'", at: policy.location)
            }
        }
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
            let suggestion = policySuggestions[name] ?? {
                let found = closestMatch(to: name, in: catalog.names).map { "; did you mean '\($0)'?" } ?? ""
                policySuggestions[name] = found
                return found
            }()
            report(.policyUnknown, "'\(name)' is not an APIM policy\(suggestion)", at: policy.location)
            return
        }
        if let section, !spec.sections.contains(section) {
            let allowed = spec.sections.sections.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            let where_ = allowed.isEmpty ? "" : " (allowed: \(allowed))"
            report(.policySection, "'\(name)' is not allowed in section '\(section.rawValue)'\(where_)", at: policy.location)
        }
        if inFragment, name == "base" {
            report(.fragmentStructure, "a fragment cannot contain '<base/>'", at: policy.location)
        }
        if inFragment, name == "include-fragment" {
            report(.fragmentStructure, "a fragment includes another fragment; older APIM versions refuse nested fragments", at: policy.location, severity: .warning)
        }
        checkAttributes(of: policy.element, allowed: spec.attributes, constraints: spec.constraints, owner: "'\(name)'", policyName: name)
        checkContent(of: policy.element, content: spec.content, owner: name, section: section, insideRetry: insideRetry || name == "retry", inFragment: inFragment)

        switch policy.kind {
        case .forwardRequest(let forward) where insideRetry:
            let buffered = forward.bufferRequestBody.map { !$0.isLiteral || $0.text.lowercased() == "true" } ?? false
            if !buffered {
                report(.retryBufferBody,
                    "'forward-request' inside 'retry' without buffer-request-body=\"true\": a retried request is sent without its body and fails with \"Content length mismatch\"",
                    at: policy.location)
            }
        case .includeFragment(let include):
            if let ids = options.fragmentIds, let id = include.fragmentId, id.isLiteral, !ids.contains(id.text) {
                let suggestion = closestMatch(to: id.text, in: ids).map { "; did you mean '\($0)'?" } ?? ""
                report(.fragmentUnknown, "no fragment '\(id.text)' in \(options.fragmentsOrigin)\(suggestion)", at: id.location)
            }
        case .setBackendService(let service):
            if let ids = options.backendIds, let id = service.backendId, id.isLiteral, !ids.contains(id.text) {
                let suggestion = closestMatch(to: id.text, in: ids).map { "; did you mean '\($0)'?" } ?? ""
                report(.backendUnknown, "no backend '\(id.text)' in \(options.backendsOrigin)\(suggestion)", at: id.location)
            }
        default:
            break
        }
    }

    mutating func checkContent(of element: Element, content: ContentSpec, owner: String, section: PolicySection?, insideRetry: Bool, inFragment: Bool) {
        switch content {
        case .policies:
            checkPolicies(element.policies, section: section, insideRetry: insideRetry, inFragment: inFragment)
        case .elements(let specs):
            var counts: [String: Int] = [:]
            for child in element.elements {
                counts[child.name, default: 0] += 1
                guard let childSpec = specs.first(where: { $0.name == child.name }) else {
                    let suggestion = closestMatch(to: child.name, in: specs.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                    report(.elementUnknown, "'\(owner)' has no child element '\(child.name)'\(suggestion)", at: child.location)
                    continue
                }
                checkAttributes(of: child, allowed: childSpec.attributes, constraints: childSpec.constraints, owner: "'\(child.name)' in '\(owner)'", policyName: nil)
                checkContent(of: child, content: childSpec.content, owner: child.name, section: section, insideRetry: insideRetry, inFragment: inFragment)
            }
            for spec in specs {
                let count = counts[spec.name, default: 0]
                if count < spec.minOccurs {
                    report(.elementCount, "'\(owner)' needs at least \(spec.minOccurs) '\(spec.name)' element\(spec.minOccurs == 1 ? "" : "s")", at: element.location)
                } else if let max = spec.maxOccurs, count > max {
                    let extra = element.elements(named: spec.name)[max]
                    report(.elementCount, "'\(owner)' allows at most \(max) '\(spec.name)' element\(max == 1 ? "" : "s")", at: extra.location)
                }
            }
        case .empty, .text:
            for child in element.elements {
                report(.elementUnknown, "'\(owner)' has no child elements; found '\(child.name)'", at: child.location)
            }
            if case .text(let expressions) = content, !expressions, let text = element.text, text.expression != nil {
                report(.attributeExpression, "policy expressions are not allowed in the text of '\(owner)'", at: text.location)
            }
        case .any:
            break
        }
        if let text = element.text, let expression = text.expression {
            checkTrailing(expression, value: text)
        }
    }

    // MARK: Attributes

    mutating func checkAttributes(of element: Element, allowed: [AttributeSpec], constraints: [AttributeConstraint], owner: String, policyName: String?) {
        // A repeated attribute never gets here: libxml2 reports it as a markup error.
        for attribute in element.attributes {
            if policyName != nil, attribute.name == "id" { continue }
            if attribute.name.hasPrefix("xmlns") || attribute.name.contains(":") { continue }
            guard let spec = allowed.first(where: { $0.name == attribute.name }) else {
                let suggestion = closestMatch(to: attribute.name, in: allowed.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                report(.attributeUnknown, "\(owner) has no attribute '\(attribute.name)'\(suggestion)", at: attribute.location)
                continue
            }
            checkValue(attribute, spec: spec, owner: owner)
        }
        for spec in allowed where spec.required && element.attribute(spec.name) == nil {
            report(.attributeRequired, "\(owner) is missing the required attribute '\(spec.name)'", at: element.location)
        }
        for constraint in constraints {
            switch constraint {
            case .exactlyOne(let names):
                let present = names.filter { element.attribute($0) != nil }
                if present.isEmpty {
                    report(.attributeExclusive, "\(owner) needs exactly one of \(quoted(names))", at: element.location)
                } else if present.count > 1, let second = element.attribute(present[1]) {
                    report(.attributeExclusive, "\(owner) takes only one of \(quoted(present))", at: second.location)
                }
            case .atMostOne(let names):
                let present = names.filter { element.attribute($0) != nil }
                if present.count > 1, let second = element.attribute(present[1]) {
                    report(.attributeExclusive, "\(owner) takes only one of \(quoted(present))", at: second.location)
                }
            case .atLeastOne(let names):
                if names.allSatisfy({ element.attribute($0) == nil }) {
                    report(.attributeExclusive, "\(owner) needs at least one of \(quoted(names))", at: element.location)
                }
            }
        }
    }

    private func quoted(_ names: [String]) -> String {
        names.map { "'\($0)'" }.joined(separator: ", ")
    }

    mutating func checkValue(_ attribute: PolicyAttribute, spec: AttributeSpec, owner: String) {
        let value = attribute.value
        if let expression = value.expression {
            if !spec.allowsExpressions {
                report(.attributeExpression, "policy expressions are not allowed in attribute '\(spec.name)' of \(owner)", at: value.location)
            }
            checkTrailing(expression, value: value)
            return
        }
        guard value.isLiteral else { return }
        guard let problem = LiteralChecker.problem(with: value.text, as: spec.type) else { return }
        if let placeholder = LiteralChecker.placeholder(in: value.text) {
            report(.valuePlaceholder, "attribute '\(spec.name)' of \(owner): \(problem); '\(placeholder)' looks like \(LiteralChecker.placeholderKind(placeholder))", at: value.location)
        } else if spec.type == .url, value.text.trimmingSpaces().isEmpty {
            report(.valueEmpty, "attribute '\(spec.name)' of \(owner) is empty", at: value.location)
        } else {
            report(.attributeValue, "attribute '\(spec.name)' of \(owner): \(problem)", at: value.location)
        }
    }

    mutating func checkTrailing(_ expression: ExpressionSource, value: PolicyValue) {
        guard expression.closed, !expression.trailing.isEmpty else { return }
        let end = expression.map.original(expression.text.utf8.count)
        report(.expressionTrailing, "text '\(expression.trailing.prefix(40))' after the expression is not part of it", at: file.location(at: end))
    }

    // MARK: Named values

    mutating func checkNamedValues(_ root: Element) {
        guard let defined = options.namedValues else { return }
        var stack: [(element: Element, liquid: Bool)] = [(root, false)]
        while let (element, inLiquid) = stack.popLast() {
            // A Liquid template's {{ }} are Liquid output, except names that are named values (APIM substitutes those).
            let liquid = inLiquid || (element.name == "set-body" && element.attribute("template")?.value.text.lowercased() == "liquid")
            var values = element.attributes.map(\.value)
            if let text = element.text { values.append(text) }
            for value in values {
                for reference in value.namedValues {
                    if !defined.contains(reference.name) {
                        if liquid { continue }
                        let suggestion = closestMatch(to: reference.name, in: defined).map { "; did you mean '\($0)'?" } ?? ""
                        report(.namedValueUndefined, "named value '\(reference.name)' is not defined in \(options.namedValuesOrigin)\(suggestion)", at: reference.location)
                    } else if let environment = options.namedValuesWithoutValue[reference.name] {
                        report(.namedValueEnvironment, "named value '\(reference.name)' has no value in \(environment): it is a secret the extract does not hold, and the environment file does not give it", at: reference.location)
                    }
                }
            }
            stack.append(contentsOf: element.elements.reversed().map { ($0, liquid) })
            stack.append(contentsOf: element.policies.map { ($0.element, liquid) }.reversed())
        }
    }
}

