import PolicyModel
import PolicySource

/// Which policies and `choose` branches ran during a scenario, recorded by the interpreter when
/// `ScenarioRunner.recordsCoverage` is on (one dictionary update per policy run; nothing when off).
struct CoverageRecorder {
    /// Runs per policy, keyed by the policy element's location (file, line, column, offset).
    private(set) var policies: [SourceLocation: Int] = [:]
    /// Runs per branch: the `choose`'s location and the branch's index (`when` 0…n-1; n is
    /// `otherwise`, or "no branch taken" when there is no `otherwise`).
    private(set) var branches: [BranchKey: Int] = [:]

    struct BranchKey: Hashable {
        var choose: SourceLocation
        var branch: Int
    }

    mutating func ran(_ policy: Policy) {
        policies[policy.location, default: 0] &+= 1
    }

    mutating func took(_ branch: Int, of choose: Policy) {
        branches[BranchKey(choose: choose.location, branch: branch), default: 0] &+= 1
    }
}

/// Coverage of the policy documents of one or more scenario runs: for every document (each scope,
/// each fragment) every policy and every `choose` branch with how often it ran.
///
/// What counts (Docs/scenarios.md, "Coverage"): each policy element is one unit, covered when it
/// started at least once (also when it then failed); each `choose` adds one unit per `when`, one
/// for `otherwise`, and — when there is no `otherwise` — one for "no branch taken", the path where
/// every condition was false. `<when>` and `<otherwise>` are branches, not policies.
public struct PolicyCoverage: Sendable, Hashable {
    /// Sorted by path.
    public var documents: [DocumentCoverage]

    public init(documents: [DocumentCoverage] = []) {
        self.documents = documents
    }

    /// Every document of the program (scopes, then fragments by id) with the runs `recorder` counted.
    init(program: PolicyProgram, recorder: CoverageRecorder) {
        var documents: [DocumentCoverage] = []
        // A routed program's targets share documents: each counted once, broadest first.
        var seen: Set<String> = []
        for scope in program.scopes + program.routes.flatMap({ $0 }) where seen.insert(scope.document.file.path).inserted {
            documents.append(DocumentCoverage(document: scope.document, recorder: recorder))
        }
        for id in program.fragments.keys.sorted() {
            if let fragment = program.fragments[id] {
                documents.append(DocumentCoverage(document: fragment, recorder: recorder))
            }
        }
        self = PolicyCoverage().merged(with: PolicyCoverage(documents: documents))
    }

    /// The union of two coverages: documents matched by path, units by line and column, runs added.
    public func merged(with other: PolicyCoverage) -> PolicyCoverage {
        var byPath: [String: DocumentCoverage] = [:]
        for document in documents + other.documents {
            if let existing = byPath[document.path] {
                byPath[document.path] = existing.merged(with: document)
            } else {
                byPath[document.path] = document
            }
        }
        return PolicyCoverage(documents: byPath.keys.sorted().compactMap { byPath[$0] })
    }

    public var policiesCovered: Int { documents.reduce(0) { $0 + $1.policiesCovered } }
    public var policiesTotal: Int { documents.reduce(0) { $0 + $1.policies.count } }
    public var branchesCovered: Int { documents.reduce(0) { $0 + $1.branchesCovered } }
    public var branchesTotal: Int { documents.reduce(0) { $0 + $1.branches.count } }
    /// Policies and branches covered.
    public var covered: Int { policiesCovered + branchesCovered }
    /// Policies and branches in all.
    public var total: Int { policiesTotal + branchesTotal }
}

/// Coverage of one policy document.
public struct DocumentCoverage: Sendable, Hashable {
    /// The document's path as the scenario named it.
    public var path: String
    /// Every policy in document order.
    public var policies: [PolicyCoverageUnit]
    /// Every `choose` branch in document order.
    public var branches: [BranchCoverageUnit]

    public init(path: String, policies: [PolicyCoverageUnit] = [], branches: [BranchCoverageUnit] = []) {
        self.path = path
        self.policies = policies
        self.branches = branches
    }

    init(document: PolicyDocument, recorder: CoverageRecorder) {
        var policies: [PolicyCoverageUnit] = []
        var branches: [BranchCoverageUnit] = []
        for (policy, section) in document.allPolicies() {
            let location = policy.location
            policies.append(PolicyCoverageUnit(
                policy: policy.name, line: location.line, column: location.column, section: section?.rawValue,
                hits: recorder.policies[location] ?? 0))
            guard case .choose(let choose) = policy.kind else { continue }
            func hits(_ index: Int) -> Int { recorder.branches[CoverageRecorder.BranchKey(choose: location, branch: index)] ?? 0 }
            for (index, when) in choose.whens.enumerated() {
                branches.append(BranchCoverageUnit(
                    line: location.line, column: location.column, branch: .when(index + 1), branchLine: when.location.line, hits: hits(index)))
            }
            let last = choose.whens.count
            if choose.otherwise != nil {
                branches.append(BranchCoverageUnit(
                    line: location.line, column: location.column, branch: .otherwise, branchLine: choose.otherwiseLocation?.line, hits: hits(last)))
            } else {
                branches.append(BranchCoverageUnit(line: location.line, column: location.column, branch: .noBranch, branchLine: nil, hits: hits(last)))
            }
        }
        self.init(path: document.file.path, policies: policies, branches: branches)
    }

    /// Runs added unit by unit; units only one side has are kept.
    public func merged(with other: DocumentCoverage) -> DocumentCoverage {
        var policies = self.policies
        var policyIndex: [PolicyCoverageUnit.Key: Int] = [:]
        for (index, unit) in policies.enumerated() { policyIndex[unit.key] = index }
        for unit in other.policies {
            if let index = policyIndex[unit.key] {
                policies[index].hits = policies[index].hits.addingSaturating(unit.hits)
            } else {
                policyIndex[unit.key] = policies.count
                policies.append(unit)
            }
        }
        var branches = self.branches
        var branchIndex: [BranchCoverageUnit.Key: Int] = [:]
        for (index, unit) in branches.enumerated() { branchIndex[unit.key] = index }
        for unit in other.branches {
            if let index = branchIndex[unit.key] {
                branches[index].hits = branches[index].hits.addingSaturating(unit.hits)
            } else {
                branchIndex[unit.key] = branches.count
                branches.append(unit)
            }
        }
        return DocumentCoverage(path: path, policies: policies, branches: branches)
    }

    public var policiesCovered: Int { policies.filter { $0.hits > 0 }.count }
    public var branchesCovered: Int { branches.filter { $0.hits > 0 }.count }
    public var covered: Int { policiesCovered + branchesCovered }
    public var total: Int { policies.count + branches.count }
}

/// One policy element and how often it started.
public struct PolicyCoverageUnit: Sendable, Hashable {
    /// The element name (`set-header`).
    public var policy: String
    public var line: Int
    public var column: Int
    /// `inbound`, `backend`, `outbound`, `on-error`; nil in a fragment.
    public var section: String?
    public var hits: Int

    public init(policy: String, line: Int, column: Int, section: String?, hits: Int) {
        self.policy = policy
        self.line = line
        self.column = column
        self.section = section
        self.hits = hits
    }

    struct Key: Hashable {
        var line: Int
        var column: Int
    }

    var key: Key { Key(line: line, column: column) }
}

/// One branch of a `choose` and how often it was taken.
public struct BranchCoverageUnit: Sendable, Hashable {
    public enum Branch: Sendable, Hashable, CustomStringConvertible {
        /// The n-th `<when>` (1-based).
        case when(Int)
        case otherwise
        /// No `<otherwise>` and every condition false.
        case noBranch

        /// `when[2]`, `otherwise`, `no branch`.
        public var description: String {
            switch self {
            case .when(let index): "when[\(index)]"
            case .otherwise: "otherwise"
            case .noBranch: "no branch"
            }
        }
    }

    /// Where the `choose` stands.
    public var line: Int
    public var column: Int
    public var branch: Branch
    /// The line of the `<when>` or `<otherwise>`; nil for "no branch".
    public var branchLine: Int?
    public var hits: Int

    public init(line: Int, column: Int, branch: Branch, branchLine: Int?, hits: Int) {
        self.line = line
        self.column = column
        self.branch = branch
        self.branchLine = branchLine
        self.hits = hits
    }

    struct Key: Hashable {
        var line: Int
        var column: Int
        var branch: Branch
    }

    var key: Key { Key(line: line, column: column, branch: branch) }
}
