import Foundation
import PolicyExpressions
import PolicyModel
import PolicySource

// The simulation of `<ip-filter>`; its catalog entry and typed reading: PolicyModel/Policies/Auth/IPFilter.swift.

/// An IPv4 or IPv6 address as a 128-bit number (IPv4 as IPv4-mapped IPv6), for range checks.
struct IPAddressValue: Comparable, Sendable {
    var high: UInt64
    var low: UInt64

    static func < (lhs: IPAddressValue, rhs: IPAddressValue) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let v4 = IPAddressValue.ipv4(trimmed) {
            high = 0
            low = 0xFFFF_0000_0000 | UInt64(v4)
            return
        }
        guard let groups = IPAddressValue.ipv6(trimmed) else { return nil }
        var h: UInt64 = 0
        var l: UInt64 = 0
        for (index, group) in groups.enumerated() {
            if index < 4 { h = h << 16 | UInt64(group) } else { l = l << 16 | UInt64(group) }
        }
        high = h
        low = l
    }

    static func ipv4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let byte = UInt8(part) else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }

    /// Eight 16-bit groups; `::` compression and a trailing dotted IPv4 part are accepted.
    static func ipv6(_ text: String) -> [UInt16]? {
        var body = text
        if body.hasPrefix("["), body.hasSuffix("]") { body = String(body.dropFirst().dropLast()) }
        if let percent = body.firstIndex(of: "%") { body = String(body[..<percent]) }
        guard body.contains(":"), body.count <= 45 else { return nil }
        func groups(_ part: Substring) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let v4 = ipv4(String(piece)) {
                    result.append(UInt16(v4 >> 16))
                    result.append(UInt16(v4 & 0xFFFF))
                    continue
                }
                guard !piece.isEmpty, piece.count <= 4, let group = UInt16(piece, radix: 16) else { return nil }
                result.append(group)
            }
            return result
        }
        let halves = body.components(separatedBy: "::")
        switch halves.count {
        case 1:
            guard let all = groups(Substring(body)), all.count == 8 else { return nil }
            return all
        case 2:
            guard let head = groups(Substring(halves[0])), let tail = groups(Substring(halves[1])), head.count + tail.count <= 7 else { return nil }
            return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        default:
            return nil
        }
    }
}

extension RequestExecution {
    func ipFilter(_ filter: IPFilter, _ policy: Policy) throws {
        let action = (try text(filter.action, in: policy) ?? "allow").lowercased()
        let caller = context.request.ipAddress
        var ranges: [(low: IPAddressValue, high: IPAddressValue, shown: String)] = []
        for entry in filter.entries {
            switch entry {
            case .address(let value, let location):
                let written = try text(value, in: policy) ?? ""
                if let address = IPAddressValue(parsing: written) {
                    ranges.append((address, address, written))
                } else {
                    record(.warning, policy, "'\(written)' (line \(location.line)) is not an IP address; ignored")
                }
            case .range(let fromValue, let toValue, let location):
                let from = try text(fromValue, in: policy) ?? ""
                let to = try text(toValue, in: policy) ?? ""
                if let low = IPAddressValue(parsing: from), let high = IPAddressValue(parsing: to) {
                    ranges.append((low, high, "\(from)–\(to)"))
                } else {
                    record(.warning, policy, "address-range '\(from)'–'\(to)' (line \(location.line)) is not a range of IP addresses; ignored")
                }
            }
        }
        guard let address = IPAddressValue(parsing: caller) else {
            record(.policy, policy, "caller IP '\(caller)' cannot be parsed → 403")
            throw accessFailure(policy, status: 403, reason: "FailedToParseCallerIP",
                message: "Failed to establish IP address for the caller. Access denied.", publicMessage: "Forbidden")
        }
        let match = ranges.first { $0.low <= address && address <= $0.high }
        if action == "forbid" {
            if let match {
                record(.policy, policy, "caller \(caller) is in the forbidden \(match.shown) → 403")
                throw accessFailure(policy, status: 403, reason: "CallerIpBlocked",
                    message: "Caller IP address is blocked. Access denied.", publicMessage: "Forbidden")
            }
            record(.policy, policy, "caller \(caller) is not forbidden")
        } else {
            guard let match else {
                record(.policy, policy, "caller \(caller) is not in the \(ranges.count) allowed address\(ranges.count == 1 ? "" : "es") or ranges → 403")
                throw accessFailure(policy, status: 403, reason: "CallerIpNotAllowed",
                    message: "Caller IP address \(caller) is not allowed. Access denied.", publicMessage: "Forbidden")
            }
            record(.policy, policy, "caller \(caller) is allowed by \(match.shown)")
        }
    }
}
