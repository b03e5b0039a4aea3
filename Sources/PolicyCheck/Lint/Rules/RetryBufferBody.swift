import PolicyModel
import PolicySource

extension LintRules {
    /// `retry-buffer-body`: `forward-request` inside `retry` that does not buffer the request body.
    enum RetryBufferBody {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("retry-buffer-body", .warning, "`forward-request` inside `retry` without `buffer-request-body=\"true\"`: a retried request is sent without its body and fails with \"Content length mismatch\".")
        static let documentation = #"`forward-request` inside `retry` without `buffer-request-body="true"`: a retried request is sent without its body but with the original Content-Length, which APIM fails with "Content length mismatch"."#

        static let message =
            "'forward-request' inside 'retry' without buffer-request-body=\"true\": a retried request is sent without its body and fails with \"Content length mismatch\""

        static func check(_ policy: Policy, insideRetry: Bool, in lint: inout LintWalker) {
            guard insideRetry, case .forwardRequest(let forward) = policy.kind else { return }
            // An expression may well say true: only a literal that is not true is reported.
            let buffered = forward.bufferRequestBody.map { !$0.isLiteral || $0.text.lowercased() == "true" } ?? false
            if !buffered {
                lint.report(rule, message, at: policy.location)
            }
        }

        static let examples: [LintExample] = [
            .fires(policies(backend: "<retry condition=\"@(true)\" count=\"2\" interval=\"1\">↓<forward-request /></retry>"), message),
            .fires(policies(backend: "<retry condition=\"@(true)\" count=\"2\" interval=\"1\"><choose><when condition=\"@(true)\">↓<forward-request buffer-request-body=\"false\" /></when></choose></retry>"),
                   message),
            .quiet(policies(backend: "<retry condition=\"@(true)\" count=\"2\" interval=\"1\"><forward-request buffer-request-body=\"true\" /></retry>")),
            .quiet(policies(backend: "<forward-request />")),
        ]
    }
}

extension LintRule {
    public static var retryBufferBody: LintRule { LintRules.RetryBufferBody.rule }
}
