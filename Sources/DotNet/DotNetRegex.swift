import Foundation

/// `System.Text.RegularExpressions.RegexOptions`.
public struct DotNetRegexOptions: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let ignoreCase = DotNetRegexOptions(rawValue: 1)
    public static let multiline = DotNetRegexOptions(rawValue: 2)
    public static let explicitCapture = DotNetRegexOptions(rawValue: 4)
    public static let compiled = DotNetRegexOptions(rawValue: 8)
    public static let singleline = DotNetRegexOptions(rawValue: 16)
    public static let ignorePatternWhitespace = DotNetRegexOptions(rawValue: 32)
    public static let rightToLeft = DotNetRegexOptions(rawValue: 64)
    public static let ecmaScript = DotNetRegexOptions(rawValue: 256)
    public static let cultureInvariant = DotNetRegexOptions(rawValue: 512)
}

/// A `Group` of a `Match` (UTF-16 `Index`/`Length`, as .NET).
public struct DotNetRegexGroup: Sendable, Hashable {
    /// `Success`.
    public let success: Bool
    /// `Value` ("" when the group did not participate).
    public let value: String
    /// `Index` (UTF-16 offset).
    public let index: Int
    /// `Length` (UTF-16 units).
    public let length: Int
    /// `Name` (the number as text for unnamed groups).
    public let name: String

    static func failed(_ name: String) -> DotNetRegexGroup { DotNetRegexGroup(success: false, value: "", index: 0, length: 0, name: name) }
}

/// A `Match`: group 0 is the whole match; `groups` is indexed by .NET group number.
public struct DotNetRegexMatch: Sendable, Hashable {
    /// `Groups` by .NET number (0 = whole match).
    public let groups: [DotNetRegexGroup]
    let namesToNumbers: [String: Int]

    /// `Match.Empty`-like failed match.
    static func failure(_ regex: DotNetRegex) -> DotNetRegexMatch {
        DotNetRegexMatch(groups: regex.netGroupNames.map { DotNetRegexGroup.failed($0) }, namesToNumbers: regex.nameToNumber)
    }

    /// `Success`.
    public var success: Bool { groups.first?.success ?? false }
    /// `Value`.
    public var value: String { groups.first?.value ?? "" }
    /// `Index`.
    public var index: Int { groups.first?.index ?? 0 }
    /// `Length`.
    public var length: Int { groups.first?.length ?? 0 }

    /// `Groups[name]` (a failed group for an unknown name, as .NET).
    public func group(_ name: String) -> DotNetRegexGroup {
        if let n = namesToNumbers[name], n < groups.count { return groups[n] }
        return .failed(name)
    }
    /// `Groups[number]` (a failed group for an unknown number, as .NET).
    public func group(_ number: Int) -> DotNetRegexGroup {
        number >= 0 && number < groups.count ? groups[number] : .failed(String(number))
    }
}

/// `System.Text.RegularExpressions.Regex` over `NSRegularExpression` (ICU), translating .NET syntax:
/// named groups `(?<n>…)`/`(?'n'…)` (any .NET name), .NET group numbering (unnamed first, then named),
/// `\k'n'`, character-class subtraction `[a-z-[aeiou]]`, `RegexOptions`, and .NET replacement patterns
/// (`$1`, `${name}`, `$$`, `$&`, `` $` ``, `$'`, `$+`, `$_`).
/// Unsupported constructs (conditionals, balancing groups, RightToLeft) throw `ArgumentException`.
/// Every match runs against a wall-clock deadline (``matchTimeout``, 2 s unless given; longer or
/// infinite timeouts are capped at ``defaultMatchTimeout``): past it, or when ICU gives up on its
/// own backtracking limits, the match throws `RegexMatchTimeoutException`. Inputs longer than
/// ``maxInputLength`` throw it straight away.
public final class DotNetRegex: @unchecked Sendable {
    /// The pattern as given.
    public let pattern: String
    /// The options as given.
    public let options: DotNetRegexOptions
    let regex: NSRegularExpression
    /// ICU group index for each .NET group number (index 0 → 0).
    let icuIndexForNet: [Int]
    /// .NET group names by number ("0", "1", …, names).
    let netGroupNames: [String]
    let nameToNumber: [String: Int]

    /// Largest input accepted (UTF-16 units) before failing with `RegexMatchTimeoutException`.
    public static let maxInputLength = 1_000_000
    /// Timeout used when none is given, and the longest one honoured. .NET's default is infinite;
    /// the simulator bounds catastrophic backtracking instead (wall-clock, so only pathological
    /// patterns are affected) — and an expression has 2 s in all anyway (`ExpressionLimits`).
    public static let defaultMatchTimeout: Duration = .seconds(2)
    /// `MatchTimeout` as used: the given timeout, capped at ``defaultMatchTimeout``.
    public let matchTimeout: Duration

    /// `new Regex(pattern, options, matchTimeout)`; throws `ArgumentException` for an invalid or
    /// unsupported pattern. A `matchTimeout` of nil (not given, or `Regex.InfiniteMatchTimeout`)
    /// or longer than ``defaultMatchTimeout`` means ``defaultMatchTimeout``.
    public init(_ pattern: String, options: DotNetRegexOptions = [], matchTimeout: Duration? = nil) throws {
        self.pattern = pattern
        self.options = options
        self.matchTimeout = min(matchTimeout ?? DotNetRegex.defaultMatchTimeout, DotNetRegex.defaultMatchTimeout)
        if options.contains(.rightToLeft) {
            throw DotNetException.argument("RegexOptions.RightToLeft is not supported by the simulator.")
        }
        guard pattern.utf16.count <= 100_000 else { throw DotNetException.argument("Regex pattern is too long.") }
        let t = try DotNetRegex.translate(pattern, explicitCapture: options.contains(.explicitCapture))
        var ns: NSRegularExpression.Options = []
        if options.contains(.ignoreCase) { ns.insert(.caseInsensitive) }
        if options.contains(.multiline) { ns.insert(.anchorsMatchLines) }
        if options.contains(.singleline) { ns.insert(.dotMatchesLineSeparators) }
        if options.contains(.ignorePatternWhitespace) { ns.insert(.allowCommentsAndWhitespace) }
        do {
            regex = try CompiledPatterns.shared.regex(t.icuPattern, ns)
        } catch {
            throw DotNetException.argument("Invalid pattern '\(pattern)' at offset \(pattern.utf16.count). The pattern could not be parsed.")
        }
        let numbering = DotNetRegex.numbering(t.groups)
        icuIndexForNet = numbering.icu
        netGroupNames = numbering.names
        nameToNumber = numbering.map
    }

    /// The same compiled pattern with a shorter timeout (the time an expression has left).
    package init(_ other: DotNetRegex, matchTimeout: Duration) {
        pattern = other.pattern
        options = other.options
        regex = other.regex
        icuIndexForNet = other.icuIndexForNet
        netGroupNames = other.netGroupNames
        nameToNumber = other.nameToNumber
        self.matchTimeout = min(matchTimeout, other.matchTimeout)
    }

    /// `GetGroupNames()`.
    public var groupNames: [String] { netGroupNames }
    /// `GetGroupNumbers()`.
    public var groupNumbers: [Int] { Array(0..<netGroupNames.count) }

    struct Translation {
        var icuPattern: String
        /// One entry per ICU capturing group in order: nil = unnamed, else the .NET name.
        var groups: [String?]
    }

    static func translate(_ p: String, explicitCapture: Bool) throws -> Translation {
        let c = Array(p)
        var out = ""
        var groups: [String?] = []
        var i = 0
        var classDepth = 0
        func unsupported(_ what: String) -> DotNetException {
            DotNetException.argument("Invalid pattern '\(p)' at offset \(i). \(what) is not supported by the simulator.")
        }
        while i < c.count {
            let ch = c[i]
            if ch == "\\" {
                guard i + 1 < c.count else {
                    throw DotNetException.argument("Invalid pattern '\(p)' at offset \(i + 1). Illegal \\\\ at end of pattern.")
                }
                let n = c[i + 1]
                if n == "k" && i + 2 < c.count && (c[i + 2] == "'" || c[i + 2] == "<") {
                    let close: Character = c[i + 2] == "'" ? "'" : ">"
                    var j = i + 3
                    var name = ""
                    while j < c.count && c[j] != close { name.append(c[j]); j += 1 }
                    guard j < c.count else { throw unsupported("Malformed \\k") }
                    if let num = Int(name) { out += backrefPlaceholder(num) } else { out += "\\k<\(icuName(name))>" }
                    i = j + 1
                    continue
                }
                if classDepth == 0, let d = n.wholeNumberValue, n.isASCII, d > 0 {
                    // Numbered backreference: renumbered from .NET to ICU group order afterwards.
                    var j = i + 1
                    var num = 0
                    while j < c.count, let dd = c[j].wholeNumberValue, c[j].isASCII, num < 100_000 { num = num * 10 + dd; j += 1 }
                    out += backrefPlaceholder(num)
                    i = j
                    continue
                }
                out.append(ch); out.append(n); i += 2
                continue
            }
            if classDepth > 0 {
                if ch == "[" { classDepth += 1; out.append(ch); i += 1; continue }
                if ch == "]" { classDepth -= 1; out.append(ch); i += 1; continue }
                if ch == "-" && i + 1 < c.count && c[i + 1] == "[" {
                    out += "--["; classDepth += 1; i += 2; continue
                }
                // ICU treats '&&' and '--' and '[' specially inside classes; escape a literal '&' / '['.
                if ch == "&" { out += "\\&"; i += 1; continue }
                out.append(ch); i += 1
                continue
            }
            if ch == "[" {
                classDepth = 1
                out.append(ch); i += 1
                if i < c.count && c[i] == "^" { out.append("^"); i += 1 }
                if i < c.count && c[i] == "]" { out += "\\]"; i += 1 }
                continue
            }
            if ch == "(" {
                if i + 1 < c.count && c[i + 1] == "?" {
                    guard i + 2 < c.count else { throw unsupported("Malformed group") }
                    let k = c[i + 2]
                    if (k == "<" || k == "'") && i + 3 < c.count && c[i + 3] != "=" && c[i + 3] != "!" {
                        let close: Character = k == "<" ? ">" : "'"
                        var j = i + 3
                        var name = ""
                        while j < c.count && c[j] != close { name.append(c[j]); j += 1 }
                        guard j < c.count else { throw unsupported("Malformed named group") }
                        if name.contains("-") { throw unsupported("Balancing group") }
                        if Int(name) != nil { throw unsupported("Numbered group name") }
                        groups.append(name)
                        out += "(?<\(icuName(name))>"
                        i = j + 1
                        continue
                    }
                    if k == "(" { throw unsupported("Conditional") }
                    // (?imsx-imsx) and (?imsx-imsx: ...): drop the 'n' flag (ICU lacks it).
                    if k.isLetter || k == "-" {
                        var j = i + 2
                        var flags = ""
                        while j < c.count && (c[j].isLetter || c[j] == "-") { flags.append(c[j]); j += 1 }
                        flags = flags.dotNetReplacingAll("n", with: "")
                        out += "(?" + flags
                        i = j
                        continue
                    }
                    out += "(?"; i += 2
                    continue
                }
                if explicitCapture { out += "(?:" } else { out += "("; groups.append(nil) }
                i += 1
                continue
            }
            if ch == "{" {
                // A quantifier only when it reads {n}, {n,} or {n,m}; otherwise a literal brace (as .NET).
                var j = i + 1
                var digitsSeen = 0
                while j < c.count, c[j].isASCII, c[j].isNumber { j += 1; digitsSeen += 1 }
                var valid = digitsSeen > 0
                if valid && j < c.count && c[j] == "," {
                    j += 1
                    while j < c.count, c[j].isASCII, c[j].isNumber { j += 1 }
                }
                valid = valid && j < c.count && c[j] == "}"
                if valid {
                    out += String(c[i...j]); i = j + 1
                } else {
                    out += "\\{"; i += 1
                }
                continue
            }
            if ch == "}" { out += "\\}"; i += 1; continue }
            out.append(ch); i += 1
        }
        // Renumber backreferences: .NET numbers unnamed groups first, then named ones.
        let netToIcu = DotNetRegex.numbering(groups).icu
        var fixed = ""
        var scan = Substring(out)
        while let open = scan.firstIndex(of: "\u{F8FF}") {
            fixed += scan[..<open]
            let rest = scan[scan.index(after: open)...]
            guard let close = rest.firstIndex(of: "\u{F8FE}"), let num = Int(rest[..<close]) else { break }
            if num < netToIcu.count { fixed += "(?:\\\(netToIcu[num]))" } else { fixed += "(?:\\\(num))" }
            scan = rest[rest.index(after: close)...]
        }
        fixed += scan
        return Translation(icuPattern: fixed, groups: groups)
    }

    static func backrefPlaceholder(_ n: Int) -> String { "\u{F8FF}\(n)\u{F8FE}" }

    /// .NET numbering: unnamed groups in order, then named groups in order of first appearance.
    static func numbering(_ groups: [String?]) -> (names: [String], icu: [Int], map: [String: Int]) {
        var names = ["0"]
        var icu = [0]
        var map: [String: Int] = ["0": 0]
        for (k, g) in groups.enumerated() where g == nil {
            let n = names.count
            names.append(String(n)); icu.append(k + 1); map[String(n)] = n
        }
        for (k, g) in groups.enumerated() {
            guard let name = g else { continue }
            if map[name] != nil { continue }
            map[name] = names.count
            names.append(name); icu.append(k + 1)
        }
        return (names, icu, map)
    }

    /// ICU group names must be ASCII alphanumerics starting with a letter: encode arbitrary .NET names.
    static func icuName(_ name: String) -> String {
        var s = "n"
        for u in name.unicodeScalars {
            if (u.value >= 0x30 && u.value <= 0x39) || (u.value >= 0x41 && u.value <= 0x5A) || (u.value >= 0x61 && u.value <= 0x7A) {
                s.unicodeScalars.append(u)
            } else {
                s += "Z\(u.value)Z"
            }
        }
        return s
    }

    static let timeoutError = DotNetException("RegexMatchTimeoutException", "The Regex engine has timed out while trying to match a pattern to an input string. This can occur for many reasons, including very large inputs or excessive backtracking caused by nested quantifiers, back-references and other factors.")

    func check(_ input: String) throws {
        if input.utf16.count > DotNetRegex.maxInputLength { throw DotNetRegex.timeoutError }
    }

    /// Runs the ICU matcher with a wall-clock deadline. ICU calls back every few thousand steps of
    /// a match (`.reportProgress`), which is where the deadline is checked; `.reportCompletion`
    /// tells whether ICU itself gave up (its backtracking stack is bounded, about 8 MB): both end
    /// in `RegexMatchTimeoutException` instead of a silent "no match".
    func run(_ input: String, range: NSRange, extra: NSRegularExpression.MatchingOptions = [], firstOnly: Bool) throws -> [NSTextCheckingResult] {
        try check(input)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: matchTimeout)
        var results: [NSTextCheckingResult] = []
        var timedOut = false
        var failed = false
        regex.enumerateMatches(in: input, options: extra.union([.reportProgress, .reportCompletion]), range: range) { r, flags, stop in
            if let r {
                results.append(r)
                if firstOnly { stop.pointee = true; return }
            }
            if flags.contains(.internalError) { failed = true }
            if clock.now > deadline { timedOut = true; stop.pointee = true }
        }
        if timedOut || failed { throw DotNetRegex.timeoutError }
        return results
    }

    func makeMatch(_ r: NSTextCheckingResult, _ ns: NSString) -> DotNetRegexMatch {
        var gs: [DotNetRegexGroup] = []
        for (n, icu) in icuIndexForNet.enumerated() {
            let range = icu < r.numberOfRanges ? r.range(at: icu) : NSRange(location: NSNotFound, length: 0)
            if range.location == NSNotFound {
                gs.append(.failed(netGroupNames[n]))
            } else {
                gs.append(DotNetRegexGroup(success: true, value: ns.substring(with: range), index: range.location, length: range.length, name: netGroupNames[n]))
            }
        }
        return DotNetRegexMatch(groups: gs, namesToNumbers: nameToNumber)
    }

    /// `IsMatch(input)`.
    public func isMatch(_ input: String) throws -> Bool {
        let ns = input as NSString
        return try !run(input, range: NSRange(location: 0, length: ns.length), firstOnly: true).isEmpty
    }

    /// `Match(input, startat)`; throws `ArgumentOutOfRangeException` for a bad start.
    public func match(_ input: String, startAt: Int = 0) throws -> DotNetRegexMatch {
        let ns = input as NSString
        guard startAt >= 0, startAt <= ns.length else {
            throw DotNetException.argumentOutOfRange("startat", "Start index cannot be less than 0 or greater than input length.")
        }
        guard let r = try run(input, range: NSRange(location: startAt, length: ns.length - startAt),
                              extra: [.withoutAnchoringBounds, .withTransparentBounds], firstOnly: true).first else {
            return .failure(self)
        }
        return makeMatch(r, ns)
    }

    /// `match.NextMatch()`: the next match after `previous` (one character further for an empty match).
    public func nextMatch(after previous: DotNetRegexMatch, in input: String) throws -> DotNetRegexMatch {
        guard previous.success else { return previous }
        let start = previous.index + previous.length + (previous.length == 0 ? 1 : 0)
        if start > (input as NSString).length { return .failure(self) }
        return try match(input, startAt: start)
    }

    /// `Matches(input)`.
    public func matches(_ input: String) throws -> [DotNetRegexMatch] {
        let ns = input as NSString
        return try run(input, range: NSRange(location: 0, length: ns.length), firstOnly: false).map { makeMatch($0, ns) }
    }

    /// `Replace(input, replacement, count)` with .NET substitutions; `count` < 0 means all.
    public func replace(_ input: String, _ replacement: String, count: Int = -1) throws -> String {
        let parts = parseReplacement(replacement)
        return try replace(input, count: count) { m in
            var s = ""
            for p in parts {
                switch p {
                case .literal(let l): s += l
                case .group(let n): s += m.group(n).value
                case .before: s += (input as NSString).substring(to: m.index)
                case .after: s += (input as NSString).substring(from: m.index + m.length)
                case .lastGroup: s += m.groups.count > 1 ? (m.groups.last?.value ?? "") : m.value
                case .input: s += input
                }
            }
            return s
        }
    }

    /// `Replace(input, MatchEvaluator)`.
    public func replace(_ input: String, count: Int = -1, evaluator: (DotNetRegexMatch) throws -> String) throws -> String {
        let ms = try matches(input)
        let ns = input as NSString
        var out = ""
        var pos = 0
        for (k, m) in ms.enumerated() {
            if count >= 0 && k >= count { break }
            out += ns.substring(with: NSRange(location: pos, length: m.index - pos))
            out += try evaluator(m)
            pos = m.index + m.length
        }
        out += ns.substring(from: pos)
        return out
    }

    enum ReplacementPart { case literal(String), group(Int), before, after, lastGroup, input }

    func parseReplacement(_ r: String) -> [ReplacementPart] {
        var parts: [ReplacementPart] = []
        var lit = ""
        let c = Array(r)
        var i = 0
        func flush() { if !lit.isEmpty { parts.append(.literal(lit)); lit = "" } }
        while i < c.count {
            guard c[i] == "$", i + 1 < c.count else { lit.append(c[i]); i += 1; continue }
            let n = c[i + 1]
            switch n {
            case "$": lit.append("$"); i += 2
            case "&": flush(); parts.append(.group(0)); i += 2
            case "`": flush(); parts.append(.before); i += 2
            case "'": flush(); parts.append(.after); i += 2
            case "+": flush(); parts.append(.lastGroup); i += 2
            case "_": flush(); parts.append(.input); i += 2
            case "{":
                if let close = c[(i + 2)...].firstIndex(of: "}") {
                    let name = String(c[(i + 2)..<close])
                    if let num = Int(name), num < netGroupNames.count, num >= 0 { flush(); parts.append(.group(num)); i = close + 1; continue }
                    if let num = nameToNumber[name] { flush(); parts.append(.group(num)); i = close + 1; continue }
                }
                lit.append("$"); i += 1
            default:
                if let d = n.wholeNumberValue, n.isASCII {
                    // Longest digit run that names an existing group.
                    var j = i + 1
                    var num = 0
                    var best: (Int, Int)?
                    while j < c.count, let dd = c[j].wholeNumberValue, c[j].isASCII {
                        num = num * 10 + dd
                        if num > 1_000_000 { break }
                        if num < netGroupNames.count { best = (num, j + 1) }
                        j += 1
                    }
                    _ = d
                    if let (g, end) = best { flush(); parts.append(.group(g)); i = end; continue }
                }
                lit.append("$"); i += 1
            }
        }
        flush()
        return parts
    }

    /// `Split(input)`: captured groups are included in the result, as .NET does.
    public func split(_ input: String) throws -> [String] {
        let ms = try matches(input)
        if ms.isEmpty { return [input] }
        let ns = input as NSString
        var out: [String] = []
        var pos = 0
        for m in ms {
            out.append(ns.substring(with: NSRange(location: pos, length: m.index - pos)))
            for g in m.groups.dropFirst() where g.success { out.append(g.value) }
            pos = m.index + m.length
        }
        out.append(ns.substring(from: pos))
        return out
    }

    /// `Regex.Escape(s)`: escapes `\ * + ? | { [ ( ) ^ $ . # ` and white space.
    public static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\\", "*", "+", "?", "|", "{", "[", "(", ")", "^", "$", ".", "#", " ": out += "\\" + String(ch)
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\u{0C}": out += "\\f"
            default: out.append(ch)
            }
        }
        return out
    }

    /// `Regex.Unescape(s)`.
    public static func unescape(_ s: String) -> String {
        var out = ""
        var it = Array(s)
        var i = 0
        while i < it.count {
            if it[i] == "\\" && i + 1 < it.count {
                switch it[i + 1] {
                case "t": out += "\t"
                case "n": out += "\n"
                case "r": out += "\r"
                case "f": out += "\u{0C}"
                default: out.append(it[i + 1])
                }
                i += 2
            } else { out.append(it[i]); i += 1 }
        }
        it = []
        return out
    }

    /// Static helpers: `Regex.IsMatch(input, pattern, options, matchTimeout)` etc.
    public static func isMatch(_ input: String, _ pattern: String, options: DotNetRegexOptions = [], matchTimeout: Duration? = nil) throws -> Bool {
        try DotNetRegex(pattern, options: options, matchTimeout: matchTimeout).isMatch(input)
    }
    /// `Regex.Match(input, pattern, options, matchTimeout)`.
    public static func match(_ input: String, _ pattern: String, options: DotNetRegexOptions = [], matchTimeout: Duration? = nil) throws -> DotNetRegexMatch {
        try DotNetRegex(pattern, options: options, matchTimeout: matchTimeout).match(input)
    }
    /// `Regex.Replace(input, pattern, replacement, options, matchTimeout)`.
    public static func replace(_ input: String, _ pattern: String, _ replacement: String, options: DotNetRegexOptions = [], matchTimeout: Duration? = nil) throws -> String {
        try DotNetRegex(pattern, options: options, matchTimeout: matchTimeout).replace(input, replacement)
    }
    /// `Regex.Split(input, pattern, options, matchTimeout)`.
    public static func split(_ input: String, _ pattern: String, options: DotNetRegexOptions = [], matchTimeout: Duration? = nil) throws -> [String] {
        try DotNetRegex(pattern, options: options, matchTimeout: matchTimeout).split(input)
    }
}

/// Compiled ICU patterns shared by every `DotNetRegex` with the same pattern and options.
///
/// Besides saving the compile, this bounds a leak in swift-corelibs-foundation on Linux: each
/// `NSRegularExpression(pattern:)` leaks a UTF-16 copy of its pattern (2 bytes per character, seen
/// with LeakSanitizer in `_CFRegularExpressionCreate` and as resident memory growing by that much
/// per compile). A policy evaluating `Regex.IsMatch(…)` on every request would otherwise grow
/// with the request count. The cache holds at most `capacity` patterns; past that, patterns are
/// compiled without caching (and leak as before). NSRegularExpression is immutable and safe to
/// share between threads.
final class CompiledPatterns: @unchecked Sendable {
    static let shared = CompiledPatterns()
    let capacity = 1_024
    private let lock = NSLock()
    private var patterns: [Key: NSRegularExpression] = [:]

    struct Key: Hashable {
        let pattern: String
        let options: UInt
    }

    func regex(_ pattern: String, _ options: NSRegularExpression.Options) throws -> NSRegularExpression {
        let key = Key(pattern: pattern, options: options.rawValue)
        if let cached = lock.withLock({ patterns[key] }) { return cached }
        let compiled = try NSRegularExpression(pattern: pattern, options: options)
        lock.withLock {
            if patterns.count < capacity { patterns[key] = compiled }
        }
        return compiled
    }

    /// Whether the pattern is held (tests).
    func holds(_ pattern: String, _ options: NSRegularExpression.Options = []) -> Bool {
        lock.withLock { patterns[Key(pattern: pattern, options: options.rawValue)] != nil }
    }
}
