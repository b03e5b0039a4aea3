import PolicyBackends
import PolicyRuntime
import PolicySource

/// A scenario's `service:` (or `run --service`): the tree's scopes become the scenario's routing,
/// its fragments, named values and backends the scenario's (the scenario's own keys win).
public enum ServiceScenario {
    public static func apply(_ selection: ServiceSelection, to scenario: inout Scenario) throws(ScenarioError) {
        let tree = try selection.loadTree()
        let routing = try ServiceRouter.routing(tree, selection: selection)
        scenario.routing = routing
        scenario.policy = routing.targets.first?.scopes.last?.path ?? selection.path
        // One API: its level (and the service's); routed by URL: every level, the service's first.
        let levels: [ServiceLevel]
        if let api = selection.api {
            let workspace = tree.api(named: api)?.workspace
            levels = workspace == nil ? [tree.service] : [tree.service, tree.level(workspace)]
        } else {
            levels = tree.levels.map(\.level)
        }
        var values: [String: String] = [:]
        for level in tree.levels.map(\.level) {
            for file in [level.policy].compactMap({ $0 }) + level.products.compactMap(\.policy) + level.apis.flatMap({ [$0.policy].compactMap { $0 } + $0.operations.compactMap(\.policy) }) {
                scenario.shownPaths[file.path] = file.display
            }
        }
        for level in levels {
            for (id, file) in level.fragments where scenario.fragmentFiles[id] == nil {
                scenario.fragmentFiles[id] = file.path
                scenario.shownPaths[file.path] = file.display
            }
            for value in level.namedValues {
                if let text = value.value {
                    values[value.name] = text
                } else {
                    scenario.unknownNamedValues.insert(value.name)
                }
            }
            for value in level.namedValues {
                if let text = value.value { values[value.displayName] = text } else { scenario.unknownNamedValues.insert(value.displayName) }
            }
        }
        scenario.namedValues = values.merging(scenario.namedValues) { _, own in own }
        scenario.unknownNamedValues.subtract(scenario.namedValues.keys)
        if scenario.backends == nil {
            let entries = levels.flatMap { level in level.backends.map { APIOpsBackends.Entry(id: $0.id, path: $0.file.path, display: $0.file.display) } }
            if !entries.isEmpty {
                let (map, problems) = APIOpsBackends.inlineMap(entries, overrides: tree.environment?.backends ?? [:], merge: PublisherConfiguration.merged)
                if let problem = problems.first { throw ScenarioError(problem.message, at: problem.location) }
                scenario.backends = .inline(map)
            }
        }
        scenario.inputWarnings += tree.problems.map { "\($0)" }
    }
}
