import PolicySource
@testable import PolicyBackends

/// The repository's `Fixtures/backends/` folder.
let fixtures: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3) // Tests/PolicyBackendsTests/Support.swift
    return parts.joined(separator: "/") + "/Fixtures/backends/"
}()

func loadInline(_ yaml: String, path: String = "scenario.yaml") throws -> BackendLoadResult {
    let file = SourceFile(path: path, text: yaml)
    return BackendLoader.load(inline: try ConfigValue.parseYAML(file))
}

func loadText(_ text: String, path: String) throws -> BackendLoadResult {
    try BackendLoader.load(SourceFile(path: path, text: text))
}

/// `line:col rule` of each diagnostic, for compact expectations.
func brief(_ diagnostics: [Diagnostic]) -> [String] {
    diagnostics.map { "\($0.location.line):\($0.location.column) \($0.rule)" }
}

func loadError(_ body: () throws -> Any) -> InputError? {
    do {
        _ = try body()
        return nil
    } catch let error as InputError {
        return error
    } catch {
        return nil
    }
}
