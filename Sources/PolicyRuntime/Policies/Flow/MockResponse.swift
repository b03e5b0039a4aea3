import PolicyExpressions
import PolicyModel

// The simulation of `<mock-response>`; its catalog entry and typed reading: PolicyModel/Policies/Flow/MockResponse.swift.

extension RequestExecution {
    /// `<mock-response>`: the response is the status (200) with an empty body of the content type;
    /// the rest of the pipeline is skipped.
    func mockResponse(_ mock: MockResponse, _ policy: Policy) throws {
        let status = try integer(mock.statusCode, default: 200, in: policy)
        let contentType = try text(mock.contentType, in: policy) ?? "application/json"
        setResponse(status: status, reason: HTTPStatus.reason(status))
        context.response.headers = HeaderDictionary([("Content-Type", [contentType])])
        context.response.body = nil
        record(.policy, policy, "mocked response \(status) (\(contentType)); the rest of the pipeline is skipped")
        throw ResponseReturned()
    }
}
