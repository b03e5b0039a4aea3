import Foundation
import PolicyCheck
import PolicyExpressions
import PolicySource
import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/Auth/IPFilter.swift`.
@Suite struct IPFilterTests {
    @Test(arguments: [
        ("allow", "10.1.2.3", 200, nil as String?),
        ("allow", "10.2.0.0", 403, "CallerIpNotAllowed"),
        ("forbid", "10.1.255.255", 403, "CallerIpBlocked"),
        ("forbid", "::ffff:10.9.9.9", 200, nil),
        ("allow", "::ffff:10.1.0.1", 200, nil),
        ("allow", "garbage", 403, "FailedToParseCallerIP"),
    ])
    func ipFilter(action: String, ip: String, status: Int, reason: String?) throws {
        let policy = """
            <policies><inbound>
              <ip-filter action="\(action)"><address-range from="10.1.0.0" to="10.1.255.255" /><address>192.0.2.1</address></ip-filter>
            </inbound></policies>
            """
        let trace = try run(policy) { $0.context.ipAddress = ip }
        #expect(trace.requests.first?.response.status == status)
        #expect(trace.requests.first?.lastError?.reason == reason)
    }

    @Test func ipAddressesCompareAsNumbers() {
        let low = IPAddressValue(parsing: "2001:db8::")
        let mid = IPAddressValue(parsing: "2001:db8::1:0")
        let high = IPAddressValue(parsing: "2001:db8::ffff:ffff")
        #expect(low != nil && mid != nil && high != nil)
        if let low, let mid, let high { #expect(low < mid && mid < high) }
        #expect(IPAddressValue(parsing: "1.2.3.256") == nil)
        #expect(IPAddressValue(parsing: "1::2::3") == nil)
        #expect(IPAddressValue(parsing: "12345::") == nil)
    }
}
