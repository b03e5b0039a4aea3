import Testing
@testable import PolicyRuntime

/// A scenario with a subscription and an API, as the per-subscription limits need.
func withSubscription(_ scenario: inout Scenario) {
    scenario.context.subscription = ["id": "sub-1", "key": "k1", "name": "demo"]
    scenario.context.api = ["id": "echo-api", "name": "echo", "path": "api"]
    scenario.context.operation = ["id": "get-items", "name": "GetItems"]
}

func policies(inbound: String, backend: String = "<forward-request />", outbound: String = "", onError: String = "") -> String {
    "<policies><inbound>\(inbound)</inbound><backend>\(backend)</backend><outbound>\(outbound)</outbound><on-error>\(onError)</on-error></policies>"
}

let chatUsage = #"{"choices":[],"usage":{"prompt_tokens":30,"completion_tokens":70,"total_tokens":100}}"#

