import PolicyBackends
import PolicyExpressions
import PolicyModel

/// Upper bounds that keep a run finite.
public enum RuntimeLimits {
    public static let maxRetryCount = 50
    /// No scenario may move the virtual clock past 30 days.
    public static let maxVirtualMilliseconds: Int64 = 30 * 24 * 3_600_000
}
