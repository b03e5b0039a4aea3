import PolicySource
import Testing
@testable import PolicyBackends

@Suite struct CircuitBreakerTests {
    /// count 3, interval PT5M, statusCodeRanges 429, tripDuration PT1M (the seed's rule).
    static let seedRule = CircuitBreakerRule(
        name: "openAIBreakerRule", tripDuration: 60_000,
        failureCondition: .init(threshold: .count(3), interval: 300_000,
                                statusCodeRanges: [StatusCodeRange(min: 429, max: 429)], errorReasons: ["Server errors"]))

    @Test func tripsOnTheThirdFailureWithinTheWindow() {
        var state = CircuitBreakerState(backendID: "backend1", rule: Self.seedRule)
        #expect(state.record(.status(429), at: 0).isEmpty)
        #expect(state.record(.status(200), at: 1_000).isEmpty)
        #expect(state.record(.status(429), at: 2_000).isEmpty)
        #expect(!state.isOpen(at: 2_000))
        let result = state.record(.status(429), at: 3_000)
        let tripped = try? #require(result.tripped)
        #expect(tripped?.atMs == 3_000)
        #expect(tripped?.openUntilMs == 63_000)
        #expect(tripped?.reason == "3 failures within PT5M (last: status 429); open for PT1M")
        #expect(state.isOpen(at: 3_000))
        #expect(state.isOpen(at: 62_999))
        #expect(!state.isOpen(at: 63_000))
    }

    @Test func doesNotTripWhenFailuresAreSpreadBeyondTheWindow() {
        var state = CircuitBreakerState(backendID: "b", rule: Self.seedRule)
        // 0, 150s, 300s: the first has left the window (half-open: t - interval < f) by 300s.
        #expect(state.record(.status(429), at: 0).isEmpty)
        #expect(state.record(.status(429), at: 150_000).isEmpty)
        #expect(state.record(.status(429), at: 300_000).isEmpty)
        #expect(!state.isOpen(at: 300_000))
        // The next one within the window of the last two trips.
        #expect(state.record(.status(429), at: 300_001).tripped != nil)
    }

    @Test func closesAfterTripDurationWithAnEmptyWindow() {
        var state = CircuitBreakerState(backendID: "b", rule: Self.seedRule)
        for t in [0, 1, 2] as [Int64] { _ = state.record(.status(429), at: t) }
        #expect(state.isOpen(at: 100))
        // Ignored while open.
        #expect(state.record(.status(429), at: 30_000).isEmpty)
        let closed = state.advance(to: 70_000)
        #expect(closed?.kind == .closed)
        #expect(closed?.atMs == 60_002)
        // The window starts empty: two more failures do not trip.
        #expect(state.record(.status(429), at: 70_001).closed == nil)
        #expect(state.record(.status(429), at: 70_002).isEmpty)
        #expect(!state.isOpen(at: 70_002))
        #expect(state.record(.status(429), at: 70_003).tripped != nil)
    }

    @Test func closingIsReportedByRecordToo() {
        var state = CircuitBreakerState(backendID: "b", rule: Self.seedRule)
        for t in [0, 1, 2] as [Int64] { _ = state.record(.status(429), at: t) }
        let result = state.record(.status(200), at: 90_000)
        #expect(result.closed?.atMs == 60_002)
        #expect(result.tripped == nil)
        #expect(result.events.map(\.kind) == [.closed])
    }

    @Test func errorReasonsCount() {
        var state = CircuitBreakerState(backendID: "b", rule: Self.seedRule)
        #expect(state.isFailure(.error(reason: "server errors")))
        #expect(!state.isFailure(.error(reason: "Timeout")))
        #expect(!state.isFailure(.status(500)))
        for t in [0, 1] as [Int64] { _ = state.record(.error(reason: "Server errors"), at: t) }
        #expect(state.record(.error(reason: "Server errors"), at: 2).tripped != nil)
    }

    @Test func percentageMode() {
        let rule = CircuitBreakerRule(name: "p", tripDuration: 10_000,
                                      failureCondition: .init(threshold: .percentage(50), interval: 60_000,
                                                              statusCodeRanges: [StatusCodeRange(min: 500, max: 599)]))
        var state = CircuitBreakerState(backendID: "b", rule: rule)
        #expect(state.record(.status(200), at: 0).isEmpty)
        #expect(state.record(.status(200), at: 1_000).isEmpty)
        #expect(state.record(.status(200), at: 2_000).isEmpty)
        #expect(state.record(.status(500), at: 3_000).isEmpty) // 1 of 4
        #expect(state.record(.status(200), at: 61_000).isEmpty) // 0 and 1000 have left: 1 of 3
        let trip = state.record(.status(503), at: 61_500) // 2 of 4 = 50%
        #expect(trip.tripped?.reason == "2 of 4 attempts failed within PT1M (≥ 50%) (last: status 503); open for PT10S")
        #expect(state.isOpen(at: 71_499))
        #expect(!state.isOpen(at: 71_500))
    }

    static let retryAfterRule = CircuitBreakerRule(
        name: "r", tripDuration: 60_000, acceptRetryAfter: true,
        failureCondition: .init(threshold: .count(1), interval: 60_000, statusCodeRanges: [StatusCodeRange(min: 429, max: 429)]))

    @Test func retryAfterSeconds() {
        var state = CircuitBreakerState(backendID: "b", rule: Self.retryAfterRule)
        let trip = state.record(.status(429, retryAfter: "10"), at: 5_000)
        #expect(trip.tripped?.openUntilMs == 15_000)
        #expect(trip.tripped?.reason == "1 failure within PT1M (last: status 429); open for Retry-After 10")
        #expect(state.advance(to: 15_000)?.atMs == 15_000)
    }

    @Test func retryAfterHTTPDate() {
        var state = CircuitBreakerState(backendID: "b", rule: Self.retryAfterRule)
        // Virtual 0 = 2026-01-01T00:00:00Z; the failure at 2s says retry at 00:00:30.
        let start = RetryAfter.daysFromCivil(2026, 1, 1) * 86_400_000
        let trip = state.record(.status(429, retryAfter: "Thu, 01 Jan 2026 00:00:30 GMT"), at: 2_000, clockStartEpochMs: start)
        #expect(trip.tripped?.openUntilMs == 30_000)
    }

    @Test func retryAfterIgnoredWithoutAcceptRetryAfter() {
        var rule = Self.retryAfterRule
        rule.acceptRetryAfter = false
        var state = CircuitBreakerState(backendID: "b", rule: rule)
        #expect(state.record(.status(429, retryAfter: "10"), at: 0).tripped?.openUntilMs == 60_000)
    }

    @Test func unreadableRetryAfterFallsBackToTripDuration() {
        var state = CircuitBreakerState(backendID: "b", rule: Self.retryAfterRule)
        #expect(state.record(.status(429, retryAfter: "soon"), at: 0).tripped?.openUntilMs == 60_000)
    }

    @Test func httpDates() {
        #expect(RetryAfter.httpDateEpochSeconds("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
        #expect(RetryAfter.httpDateEpochSeconds("Sunday, 06-Nov-94 08:49:37 GMT") == 784_111_777)
        #expect(RetryAfter.httpDateEpochSeconds("Sun Nov  6 08:49:37 1994") == 784_111_777)
        #expect(RetryAfter.httpDateEpochSeconds("yesterday") == nil)
        #expect(RetryAfter.milliseconds("120", nowEpochMs: 0) == 120_000)
        #expect(RetryAfter.milliseconds("Sun, 06 Nov 1994 08:49:37 GMT", nowEpochMs: 784_111_787_000) == 0)
        #expect(RetryAfter.milliseconds("99999999999999999999", nowEpochMs: 0) == nil)
    }
}

@Suite struct DurationTests {
    @Test(arguments: [
        ("PT1M", 60_000), ("PT5M", 300_000), ("P1D", 86_400_000), ("PT0.5S", 500), ("PT1H30M", 5_400_000),
        ("P1DT1S", 86_401_000), ("PT30S", 30_000), ("P1W", 604_800_000), ("PT0S", 0), ("pt2m", 120_000),
    ] as [(String, Int64)])
    func parses(_ text: String, _ ms: Int64) throws {
        #expect(try ISO8601Duration.milliseconds(text) == ms)
    }

    @Test(arguments: ["", "1M", "PT", "P", "PT1", "P1H", "PTM", "PT1M1H", "-PT1M", "PT1.5M", "PT99999999999999H", "P1DT", "5 minutes"])
    func rejects(_ text: String) {
        #expect(throws: ISO8601Duration.ParseError.self) { try ISO8601Duration.milliseconds(text) }
    }

    @Test func messageNamesTheValue() {
        do {
            _ = try ISO8601Duration.milliseconds("P1H")
        } catch {
            #expect(error.message == "'P1H' is not an ISO 8601 duration: hours and seconds need a 'T' before them (PT1H) (expected e.g. PT1M, PT30S, P1D)")
        }
    }
}
