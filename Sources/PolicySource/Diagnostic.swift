/// How serious a finding is.
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    case error, warning, note

    private var rank: Int {
        switch self {
        case .error: 2
        case .warning: 1
        case .note: 0
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One finding about an input file: what, where and which rule found it.
public struct Diagnostic: Sendable, Hashable, Error, CustomStringConvertible {
    public var location: SourceLocation
    public var severity: Severity
    /// The rule id, e.g. `policy-section`; printed in brackets.
    public var rule: String
    public var message: String

    public init(_ severity: Severity, _ rule: String, _ message: String, at location: SourceLocation) {
        self.severity = severity
        self.rule = rule
        self.message = message
        self.location = location
    }

    /// `file:line:col: severity: message [rule]`
    public var description: String {
        "\(location): \(severity.rawValue): \(message) [\(rule)]"
    }
}

/// An error that stops a tool from doing its job on a file (unreadable, too large, not a policy
/// at all). Carries the location it is about so that every error names file, line and what is wrong.
public struct InputError: Error, Sendable, CustomStringConvertible {
    public var location: SourceLocation?
    public var message: String

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }

    public var description: String {
        if let location { return "\(location): error: \(message)" }
        return "error: \(message)"
    }
}

/// Suggests the closest of `candidates` to `word` (Levenshtein distance), for did-you-mean hints.
public func closestMatch(to word: String, in candidates: some Sequence<String>, maxDistance: Int? = nil) -> String? {
    let limit = maxDistance ?? max(2, word.count / 3)
    var best: (String, Int)?
    let lower = Array(word.lowercased().unicodeScalars)
    for candidate in candidates {
        let distance = editDistance(lower, Array(candidate.lowercased().unicodeScalars), limit: limit)
        if distance <= limit, best.map({ distance < $0.1 }) ?? true {
            best = (candidate, distance)
        }
    }
    return best?.0
}

private func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
    if abs(a.count - b.count) > limit { return limit + 1 }
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
