import PolicyModel
import PolicyRuntime
import PolicySource

/// An example of a rule, in the manner of swift-format's rule tests: the source marks with `↓`
/// each place where a finding of the rule lands (the markers are removed before linting), and
/// `messages` lists the findings' messages, one per marker, when the example pins them down.
/// A source without a marker is one the rule stays quiet on.
///
/// Most examples are one document, linted with `options`; rules of APIOps trees have examples
/// that are a whole tree of files (one of them marked), linted as `policycheck lint` lints a
/// folder, with an environment file when `environment` names one of the files.
struct LintExample: Sendable {
    static let marker: Unicode.Scalar = "↓"

    enum Input: Sendable {
        case document(String, LintOptions)
        case tree([(path: String, text: String)], environment: String?)
    }

    var input: Input
    var messages: [String]

    /// A document the rule reports at each `↓`, with these messages (none: not checked).
    static func fires(_ source: String, _ messages: String..., options: LintOptions = LintOptions()) -> LintExample {
        LintExample(input: .document(source, options), messages: messages)
    }

    /// A document the rule says nothing about.
    static func quiet(_ source: String, options: LintOptions = LintOptions()) -> LintExample {
        LintExample(input: .document(source, options), messages: [])
    }

    /// An APIOps tree (paths relative to the folder linted) the rule reports at each `↓`.
    static func tree(_ files: [(path: String, text: String)], environment: String? = nil, _ messages: String...) -> LintExample {
        LintExample(input: .tree(files, environment: environment), messages: messages)
    }

    /// The marked texts: per file, the text without markers and where each marker stood.
    var files: [(path: String, text: String, markers: [(line: Int, column: Int)])] {
        switch input {
        case .document(let source, _): [Self.unmarked("example.xml", source)]
        case .tree(let files, _): files.map { Self.unmarked($0.path, $0.text) }
        }
    }

    /// Lines and columns are 1-based; a column counts Unicode scalars, as SourceFile's do.
    static func unmarked(_ path: String, _ marked: String) -> (path: String, text: String, markers: [(line: Int, column: Int)]) {
        var text = String.UnicodeScalarView()
        var markers: [(line: Int, column: Int)] = []
        var line = 1, column = 1
        for scalar in marked.unicodeScalars {
            if scalar == marker {
                markers.append((line, column))
                continue
            }
            text.append(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (path, String(text), markers)
    }
}

extension LintRules {
    /// A `<policies>` document with the four sections (the backend forwards by default).
    static func policies(_ inbound: String = "", backend: String = "<forward-request />", outbound: String = "", onError: String = "") -> String {
        "<policies>\n<inbound>\(inbound)</inbound>\n<backend>\(backend)</backend>\n<outbound>\(outbound)</outbound>\n<on-error>\(onError)</on-error>\n</policies>"
    }

    /// Options of a document checked in an APIOps tree's scope.
    static func scoped(_ scope: PolicyScope, inherited: [PolicyModel.PolicySection: String] = [:]) -> LintOptions {
        var options = LintOptions()
        options.scope = scope
        options.inheritedSections = inherited
        return options
    }
}
