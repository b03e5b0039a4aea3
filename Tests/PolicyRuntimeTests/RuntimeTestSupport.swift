import PolicyBackends
import PolicyModel
import PolicySource
import Testing

@testable import PolicyRuntime

let here = SourceLocation(path: "test.scenario.yaml", line: 1, column: 1)

/// Builds a document from text; fails the test on markup errors.
func document(_ text: String, path: String = "policy.xml") throws -> PolicyDocument {
    let (document, diagnostics) = DocumentBuilder().parse(SourceFile(path: path, text: text))
    #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
    return try #require(document)
}

func request(_ method: String = "GET", url: String = "https://apim.example/api/items?x=1", headers: [(name: String, value: String)] = [],
             body: String? = nil, after: Int64 = 0, repeat count: Int = 1) -> ScenarioRequest {
    ScenarioRequest(method: method, url: url, headers: headers, body: body, afterMilliseconds: after, repeatCount: count, location: here)
}

func answer(_ status: Int = 200, body: String? = nil, headers: [String: String] = [:], latency: Int64 = 0,
            fail: ScriptedResponse.Failure? = nil) -> ScriptedResponse {
    ScriptedResponse(status: status, headers: headers.sorted { $0.key < $1.key }.map { ScriptedHeader(name: $0.key, value: $0.value) },
        body: body, latencyMilliseconds: latency, failure: fail, location: here)
}

/// Runs `policy` (and optional broader scopes, fragments, backends) over the requests.
func run(
    _ policy: String,
    scopes: [(PolicyScope, String)] = [],
    fragments: [String: String] = [:],
    backends: String? = nil,
    namedValues: [String: String] = [:],
    requests: [ScenarioRequest] = [request()],
    responses: [String: [ScriptedResponse]] = [:],
    detail: TraceDetail = .full,
    configure: (inout Scenario) -> Void = { _ in }
) throws -> RunTrace {
    var scenario = Scenario(name: "test", file: "test.scenario.yaml", policy: "policy.xml")
    scenario.requests = requests
    scenario.responses = responses
    scenario.namedValues = namedValues
    scenario.jitter = false
    configure(&scenario)
    var documents = try scopes.map { ScopeDocument(scope: $0.0, document: try document($0.1, path: "\($0.0.rawValue).xml")) }
    documents.append(ScopeDocument(scope: .operation, document: try document(policy)))
    var program = PolicyProgram(scopes: documents, namedValues: namedValues)
    for (id, text) in fragments { program.fragments[id] = try document(text, path: "fragments/\(id).xml") }
    if let backends {
        let file = SourceFile(path: "backends.yaml", text: backends)
        let result = try BackendLoader.load(file)
        #expect(!result.hasErrors, "\(result.diagnostics)")
        program.backends = result.catalog
    }
    return try ScenarioRunner(detail: detail).run(scenario, program: program)
}

extension RequestTrace {
    /// Event details of one kind.
    func details(_ kind: TraceEvent.Kind) -> [String] { events.filter { $0.kind == kind }.map(\.detail) }
    func header(_ name: String) -> String? { response.headers.first { $0.name.lowercased() == name.lowercased() }?.value }
    func variable(_ name: String) -> String? { variables.first { $0.name == name }?.value }
}
