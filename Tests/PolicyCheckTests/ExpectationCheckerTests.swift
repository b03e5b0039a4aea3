import PolicyCheck
import PolicyRuntime
import PolicySource
import Testing

@Suite struct ExpectationCheckerTests {
    private func expectation(_ configure: (inout ScenarioExpectation) -> Void) -> ScenarioExpectation {
        var expectation = ScenarioExpectation(location: SourceLocation(path: "s.scenario.yaml", line: 1, column: 1))
        configure(&expectation)
        return expectation
    }

    @Test func everythingHolds() {
        let trace = sampleTrace()
        let failures = ExpectationChecker.check(expectation {
            $0.status = 503
            $0.statuses = [200, 503]
            $0.backends = ["backend1", "backend2"]
        }, trace: trace)
        #expect(failures == [])
    }

    @Test func messages() {
        let trace = sampleTrace()
        #expect(ExpectationChecker.check(expectation { $0.status = 200 }, trace: trace) == ["expected status 200, got 503"])
        #expect(ExpectationChecker.check(expectation { $0.statuses = [200] }, trace: trace) == ["expected statuses [200], got [200, 503]"])
        #expect(ExpectationChecker.check(expectation { $0.backends = ["a", "a", "b"] }, trace: trace) == ["expected backends [a, a, b], got [backend1, backend2]"])
        #expect(ExpectationChecker.check(expectation { $0.headers = ["Retry-After": "10"] }, trace: trace)
            == ["expected header Retry-After: 10, but the response has no header 'Retry-After'"])
        #expect(ExpectationChecker.check(expectation { $0.bodyContains = "ok" }, trace: trace) == ["expected the body to contain 'ok', got an empty body"])
        #expect(ExpectationChecker.check(expectation { $0.variables = ["count": "3"] }, trace: trace) == ["expected variable 'count' to be 3, but it is not set"])
        #expect(ExpectationChecker.check(expectation { $0.status = 200 }, trace: RunTrace(scenario: "s")) == ["expected a response, but the scenario sent no requests"])
    }

    @Test func headersBodyAndVariablesOfTheLastResponse() {
        var trace = sampleTrace()
        trace.requests.removeLast()
        #expect(ExpectationChecker.check(expectation {
            $0.headers = ["content-type": "application/json", "SET-COOKIE": "b=2"]
            $0.bodyContains = "line two"
            $0.variables = ["count": "3", "name": "abc"]
        }, trace: trace) == [])
        #expect(ExpectationChecker.check(expectation {
            $0.headers = ["Content-Type": "text/plain"]
            $0.bodyContains = "nope"
            $0.variables = ["count": "4", "name": "\"abd\""]
        }, trace: trace) == [
            "expected header Content-Type: text/plain, got application/json",
            "expected the body to contain 'nope', got '{\"ok\": true}\\nline two'",
            "expected variable 'count' to be 4, got 3",
            "expected variable 'name' to be \"abd\", got \"abc\"",
        ])
    }

    @Test func scenarioRunChecksAndPrints() throws {
        let path = loaderFixtures + "/full/full.yaml"
        let run = try ScenarioRun.run(path: path, adjust: { $0.seed = 7 }, runner: { scenario in
            var trace = sampleTrace()
            trace.scenario = scenario.name + " seed \(scenario.seed)"
            return trace
        })
        #expect(run.trace.scenario == "pool fails over on 429 seed 7")
        #expect(run.exitStatus == 1)
        #expect(run.expectationFailures.first == "expected status 200, got 503")
        #expect(run.text.contains("\nexpectations: 6 failed\n  expected status 200, got 503\n"))
        #expect(run.json.contains("\"expectations\": {\n    \"passed\": false,"))
    }
}
