/// Overflow-checked and saturating integer arithmetic, written once for every module: the
/// expressions' `checked` operators, TimeSpan and DateTime arithmetic, LINQ `Sum`, ISO 8601
/// durations, rate-limit counters and coverage hit counts.
///
/// `@inlinable` so that the request path (expression operators) pays no cross-module call.
extension FixedWidthInteger {
    /// `self + other`, or nil when it overflows.
    @inlinable
    public func addingChecked(_ other: Self) -> Self? {
        let (result, overflow) = addingReportingOverflow(other)
        return overflow ? nil : result
    }

    /// `self - other`, or nil when it overflows.
    @inlinable
    public func subtractingChecked(_ other: Self) -> Self? {
        let (result, overflow) = subtractingReportingOverflow(other)
        return overflow ? nil : result
    }

    /// `self * other`, or nil when it overflows.
    @inlinable
    public func multipliedChecked(by other: Self) -> Self? {
        let (result, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? nil : result
    }

    /// `self + other`, clamped to `.max` (or `.min`) when it overflows.
    @inlinable
    public func addingSaturating(_ other: Self) -> Self {
        addingChecked(other) ?? (other > 0 ? .max : .min)
    }
}
