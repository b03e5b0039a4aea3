import PolicyRuntime
import PolicySource

/// Prints policy coverage (`policycheck test --coverage`, Docs/scenarios.md "Coverage") as text
/// or JSON, and checks it against a minimum percentage.
public enum CoverageFormatter {
    /// The percentage of covered units, rounded DOWN to one decimal (so 89.96% prints as 89.9%
    /// and never looks like it meets a 90% minimum). 100 when there is nothing to cover.
    public static func percent(covered: Int, total: Int) -> Double {
        guard total > 0 else { return 100 }
        let permille = max(0, covered).multipliedChecked(by: 1000).map { min(1000, $0 / total) } ?? 1000
        return Double(permille) / 10
    }

    /// `87.5%`, `100.0%`.
    public static func percentText(covered: Int, total: Int) -> String {
        let value = percent(covered: covered, total: total)
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// True when the exact share of covered units is at least `minimum` percent.
    public static func meets(_ coverage: PolicyCoverage, minimum: Double) -> Bool {
        guard coverage.total > 0 else { return true }
        return Double(coverage.covered) * 100 >= minimum * Double(coverage.total)
    }

    /// `coverage 72.4% is below the minimum of 80%`, or nil when the minimum is met.
    public static func minimumFailure(_ coverage: PolicyCoverage, minimum: Double) -> String? {
        if meets(coverage, minimum: minimum) { return nil }
        return "coverage \(percentText(covered: coverage.covered, total: coverage.total)) is below the minimum of \(number(minimum))%"
    }

    /// A number as written by a person: `80`, `87.5`.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// The readable report: one line per document, what did not run under it, then the totals.
    ///
    /// ```
    /// coverage:
    ///   policies/api.xml: 4/5 policies, 1/2 branches, 71.4%
    ///     not run: set-header (line 12, column 10, outbound)
    ///     not taken: choose (line 5, column 10): no branch
    ///   policies/fragments/log.xml: 2/2 policies, 0/0 branches, 100.0%
    /// total: 6/7 policies, 1/2 branches: 7 of 9 units, 77.7%
    /// ```
    public static func text(_ coverage: PolicyCoverage, minimum: Double? = nil) -> String {
        var out = "coverage:\n"
        if coverage.documents.isEmpty { out += "  (no policy documents ran)\n" }
        for document in coverage.documents {
            out += "  \(oneLine(document.path)): \(document.policiesCovered)/\(document.policies.count) policies, "
                + "\(document.branchesCovered)/\(document.branches.count) branches, "
                + percentText(covered: document.covered, total: document.total) + "\n"
            for unit in document.policies where unit.hits == 0 {
                out += "    not run: \(unit.policy) (line \(unit.line), column \(unit.column)\(unit.section.map { ", " + $0 } ?? ""))\n"
            }
            for unit in document.branches where unit.hits == 0 {
                let at = unit.branchLine.map { " at line \($0)" } ?? ""
                out += "    not taken: choose (line \(unit.line), column \(unit.column)): \(unit.branch)\(at)\n"
            }
        }
        out += "total: \(coverage.policiesCovered)/\(coverage.policiesTotal) policies, "
            + "\(coverage.branchesCovered)/\(coverage.branchesTotal) branches: "
            + "\(coverage.covered) of \(coverage.total) units, \(percentText(covered: coverage.covered, total: coverage.total))\n"
        if let minimum {
            if let failure = minimumFailure(coverage, minimum: minimum) {
                out += "error: \(failure)\n"
            } else {
                out += "minimum \(number(minimum))% met\n"
            }
        }
        return out
    }

    /// The same facts as one JSON object (Docs/scenarios.md, "Coverage").
    public static func json(_ coverage: PolicyCoverage, minimum: Double? = nil) -> JSONValue {
        let files: [JSONValue] = coverage.documents.map { document in
            .object([
                ("file", .string(document.path)),
                ("covered", .int(document.covered)),
                ("total", .int(document.total)),
                ("percent", .double(percent(covered: document.covered, total: document.total))),
                ("policiesCovered", .int(document.policiesCovered)),
                ("policiesTotal", .int(document.policies.count)),
                ("branchesCovered", .int(document.branchesCovered)),
                ("branchesTotal", .int(document.branches.count)),
                ("policies", .array(document.policies.map { unit in
                    .object([
                        ("policy", .string(unit.policy)),
                        ("line", .int(unit.line)),
                        ("column", .int(unit.column)),
                        ("section", .optional(unit.section)),
                        ("hits", .int(unit.hits)),
                    ])
                })),
                ("branches", .array(document.branches.map { unit in
                    .object([
                        ("policy", .string("choose")),
                        ("line", .int(unit.line)),
                        ("column", .int(unit.column)),
                        ("branch", .string(unit.branch.description)),
                        ("branchLine", unit.branchLine.map(JSONValue.int) ?? .null),
                        ("hits", .int(unit.hits)),
                    ])
                })),
            ])
        }
        return .object([
            ("files", .array(files)),
            ("policiesCovered", .int(coverage.policiesCovered)),
            ("policiesTotal", .int(coverage.policiesTotal)),
            ("branchesCovered", .int(coverage.branchesCovered)),
            ("branchesTotal", .int(coverage.branchesTotal)),
            ("covered", .int(coverage.covered)),
            ("total", .int(coverage.total)),
            ("percent", .double(percent(covered: coverage.covered, total: coverage.total))),
            ("minimum", minimum.map(JSONValue.double) ?? .null),
            ("passed", .bool(minimum.map { meets(coverage, minimum: $0) } ?? true)),
        ])
    }

    /// The JSON text, ending with a newline.
    public static func jsonText(_ coverage: PolicyCoverage, minimum: Double? = nil) -> String {
        json(coverage, minimum: minimum).render() + "\n"
    }

    /// A path with control characters and line breaks made visible, for one-line output.
    static func oneLine(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension PolicyCoverage {
    /// The same coverage with every document path in a canonical form (`a/./b/../c.xml` becomes
    /// `a/c.xml`), so that scenarios naming one file in different ways count it once.
    public func normalizingPaths() -> PolicyCoverage {
        let renamed = documents.map { document in
            var document = document
            document.path = Self.normalize(document.path)
            return document
        }
        return PolicyCoverage().merged(with: PolicyCoverage(documents: renamed))
    }

    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == "..", absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
