import Foundation
import PolicyExpressions
import PolicyModel

// The simulation of `<llm-token-limit>` and `<azure-openai-token-limit>` (the same policy for Azure OpenAI); its catalog entry and typed reading: PolicyModel/Policies/AI/LLMTokenLimit.swift.

extension RequestExecution {
    /// Checks tokens-per-minute (sliding minute, 429) and token-quota (calendar period, 403) at
    /// inbound; the tokens are counted from the backend's `usage` once it answers
    /// (`accountTokens()`), or from the estimate when `estimate-prompt-tokens` is true.
    func runTokenLimit(_ limit: TokenLimit, _ policy: Policy) throws {
        let counterKey = try text(limit.counterKey, in: policy) ?? ""
        let key = policy.name + "|" + counterKey
        let tokensPerMinute = try limitNumber(limit.tokensPerMinute, "tokens-per-minute", policy)
        let quota = try limitNumber(limit.tokenQuota, "token-quota", policy)
        let periodName = try text(limit.tokenQuotaPeriod, in: policy) ?? "Monthly"
        let estimates = try bool(limit.estimatePromptTokens, default: false, in: policy)
        let retryHeader = try text(limit.retryAfterHeaderName, in: policy) ?? "Retry-After"
        let retryVariable = try text(limit.retryAfterVariableName, in: policy)
        let names = TokenLimitNames(
            remainingTokensHeader: try text(limit.remainingTokensHeaderName, in: policy),
            remainingTokensVariable: try text(limit.remainingTokensVariableName, in: policy),
            remainingQuotaHeader: try text(limit.remainingQuotaTokensHeaderName, in: policy),
            remainingQuotaVariable: try text(limit.remainingQuotaTokensVariableName, in: policy),
            consumedHeader: try text(limit.tokensConsumedHeaderName, in: policy),
            consumedVariable: try text(limit.tokensConsumedVariableName, in: policy))
        let estimate = estimates ? PromptTokenEstimate.tokens(in: context.request.body?.bytes ?? []) : 0
        let minute: Int64 = 60_000

        var window = gateway.store.limits.windows[key] ?? SlidingWindow()
        window.prune(now: now, period: minute)
        gateway.store.limits.windows[key] = window
        let period = try tokenQuotaPeriod(periodName, policy)
        var quotaCounter = gateway.store.limits.tokenQuotas[key] ?? FixedWindowCounter(window: period.start)
        if quotaCounter.window != period.start { quotaCounter = FixedWindowCounter(window: period.start) }
        gateway.store.limits.tokenQuotas[key] = quotaCounter
        let estimateText = estimates ? "; prompt estimated at \(estimate) tokens" : ""

        if let tokensPerMinute, window.total >= tokensPerMinute || window.total > tokensPerMinute - estimate {
            let seconds = retryAfterSeconds(window.wait(toFit: estimate, limit: tokensPerMinute, now: now, period: minute))
            let message = "Token limit is exceeded. Try again in \(seconds) seconds."
            try rejectTokens(policy, status: 429, reason: "TokenLimitExceeded", message: message, retryHeader: retryHeader,
                retryVariable: retryVariable, seconds: seconds, names: names,
                detail: "key \"\(counterKey)\": \(window.total) of \(tokensPerMinute) tokens in the last minute\(estimateText) → 429")
        }
        if let quota, quotaCounter.tokens >= quota || quotaCounter.tokens > quota - estimate {
            let seconds = retryAfterSeconds(period.end &- (gateway.startUnixMilliseconds &+ now))
            let message = "Token quota is exceeded. Try again in \(timeSpanText(milliseconds: seconds &* 1000))."
            try rejectTokens(policy, status: 403, reason: "TokenQuotaExceeded", message: message, retryHeader: retryHeader,
                retryVariable: retryVariable, seconds: seconds, names: names,
                detail: "key \"\(counterKey)\": \(quotaCounter.tokens) of \(quota) tokens used this \(periodName.lowercased()) period\(estimateText) → 403")
        }

        if estimate > 0 {
            gateway.store.limits.windows[key, default: SlidingWindow()].add(estimate, at: now)
            gateway.store.limits.tokenQuotas[key]?.tokens += estimate
        }
        let account = TokenAccount(policy: policy, key: key, tokensPerMinute: tokensPerMinute, quota: quota, quotaWindow: period.start,
            estimatedPromptTokens: estimate, estimates: estimates, names: names)
        publishTokenFigures(account, consumed: estimates ? estimate : nil)
        limitState.tokenAccounts.append(account)
        var parts: [String] = []
        if let tokensPerMinute { parts.append("\(gateway.store.limits.windows[key]?.total ?? 0) of \(tokensPerMinute) tokens in the last minute") }
        if let quota { parts.append("\(gateway.store.limits.tokenQuotas[key]?.tokens ?? 0) of \(quota) tokens this \(periodName.lowercased()) period") }
        record(.policy, policy, "key \"\(counterKey)\": \(parts.isEmpty ? "no limit applies" : parts.joined(separator: ", "))\(estimateText); the response's usage is counted when the backend answers")
    }

    func rejectTokens(_ policy: Policy, status: Int, reason: String, message: String, retryHeader: String, retryVariable: String?,
                              seconds: Int64, names: TokenLimitNames, detail: String) throws {
        if let retryVariable { context.variables.set(retryVariable, .int(Int32(clamping: seconds))) }
        var headers: [(String, [String])] = [("Content-Type", ["application/json"]), (retryHeader, [String(seconds)])]
        if status == 429 {
            if let header = names.remainingTokensHeader { headers.append((header, ["0"])) }
            if let variable = names.remainingTokensVariable { context.variables.set(variable, .int(0)) }
        } else {
            if let header = names.remainingQuotaHeader { headers.append((header, ["0"])) }
            if let variable = names.remainingQuotaVariable { context.variables.set(variable, .int(0)) }
        }
        context.response.headers = HeaderDictionary(headers)
        context.response.body = MessageBody(text: "{ \"statusCode\": \(status), \"message\": \"\(message)\" }")
        record(.policy, policy, detail + ", \(retryHeader): \(seconds)")
        throw PolicyFailure(source: policy.name, reason: reason, message: message, status: status, statusReason: HTTPStatus.reason(status))
    }

    /// The calendar period (UTC, weeks from Monday) holding the virtual now: Unix ms of its start and end.
    func tokenQuotaPeriod(_ name: String, _ policy: Policy) throws -> (start: Int64, end: Int64) {
        let component: Calendar.Component
        switch name.lowercased() {
        case "hourly": component = .hour
        case "daily": component = .day
        case "weekly": component = .weekOfYear
        case "monthly": component = .month
        case "yearly": component = .year
        default:
            throw PolicyFailure(source: policy.name, reason: "ExpressionValueEvaluationFailure",
                message: "token-quota-period '\(name)' is not one of Hourly, Daily, Weekly, Monthly, Yearly")
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        calendar.firstWeekday = 2
        let date = Date(timeIntervalSince1970: Double(gateway.startUnixMilliseconds &+ now) / 1000)
        guard let interval = calendar.dateInterval(of: component, for: date) else { return (0, Int64.max) }
        return (Int64((interval.start.timeIntervalSince1970 * 1000).rounded()), Int64((interval.end.timeIntervalSince1970 * 1000).rounded()))
    }

    /// Sets the remaining/consumed variables and headers of a token limit.
    func publishTokenFigures(_ account: TokenAccount, consumed: Int?) {
        let names = account.names
        if let tokensPerMinute = account.tokensPerMinute {
            var window = gateway.store.limits.windows[account.key] ?? SlidingWindow()
            window.prune(now: now, period: 60_000)
            let remaining = max(0, tokensPerMinute - window.total)
            if let variable = names.remainingTokensVariable { context.variables.set(variable, .int(Int32(clamping: remaining))) }
            if let header = names.remainingTokensHeader { limitState.setHeader(header, String(remaining)) }
        }
        if let quota = account.quota {
            let used = gateway.store.limits.tokenQuotas[account.key].map { $0.window == account.quotaWindow ? $0.tokens : 0 } ?? 0
            let remaining = max(0, quota - used)
            if let variable = names.remainingQuotaVariable { context.variables.set(variable, .int(Int32(clamping: remaining))) }
            if let header = names.remainingQuotaHeader { limitState.setHeader(header, String(remaining)) }
        }
        if let consumed {
            if let variable = names.consumedVariable { context.variables.set(variable, .int(Int32(clamping: consumed))) }
            if let header = names.consumedHeader { limitState.setHeader(header, String(consumed)) }
        }
    }

    /// Called when the backend answered (forward-request): counts the tokens of its `usage` for
    /// every token limit and emits the token metrics that wait for them.
    func accountTokens(_ policy: Policy) {
        // Nothing to settle: do not parse the body (the common case, no token policy ran).
        guard limitState.tokenAccounts.contains(where: { !$0.settled }) || limitState.tokenMetrics.contains(where: { !$0.emitted }) else { return }
        let usage = TokenUsage.parse(context.response.body?.bytes ?? [])
        for index in limitState.tokenAccounts.indices where !limitState.tokenAccounts[index].settled {
            limitState.tokenAccounts[index].settled = true
            let account = limitState.tokenAccounts[index]
            // Prompt tokens were counted from the estimate at inbound; only the completion is added.
            let added = account.estimates ? (usage?.completion ?? 0) : (usage?.total ?? 0)
            if added > 0 {
                gateway.store.limits.windows[account.key, default: SlidingWindow()].add(added, at: now)
                if gateway.store.limits.tokenQuotas[account.key]?.window == account.quotaWindow {
                    gateway.store.limits.tokenQuotas[account.key]?.tokens += added
                }
            }
            let consumed = account.estimates ? account.estimatedPromptTokens + (usage?.completion ?? 0) : (usage?.total ?? 0)
            publishTokenFigures(account, consumed: consumed)
            let source = usage.map { "usage: prompt \($0.prompt), completion \($0.completion), total \($0.total)" } ?? "no usage in the response body"
            events.append(TraceEvent(atMilliseconds: now, kind: .policy, section: position.section.rawValue, policy: account.policy.name,
                line: account.policy.location.line,
                detail: "\(source); \(added) tokens counted for \"\(account.key.split(separator: "|", maxSplits: 1).last.map(String.init) ?? "")\", \(consumed) consumed by this request"))
        }
        for index in limitState.tokenMetrics.indices where !limitState.tokenMetrics[index].emitted {
            limitState.tokenMetrics[index].emitted = true
            let metric = limitState.tokenMetrics[index]
            guard let usage else {
                tokenMetricEvent(metric, "no usage in the backend's response; no token metrics emitted")
                continue
            }
            let dimensions = metric.dimensions.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
            for (name, value) in [("Total Tokens", usage.total), ("Prompt Tokens", usage.prompt), ("Completion Tokens", usage.completion)] {
                tokenMetricEvent(metric, "metric \(metric.namespace)/\(name) = \(value) {\(dimensions)}")
            }
        }
    }
}
