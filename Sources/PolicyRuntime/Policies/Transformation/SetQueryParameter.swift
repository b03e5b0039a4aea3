import PolicyExpressions
import PolicyModel

// The simulation of `<set-query-parameter>`; its catalog entry and typed reading: PolicyModel/Policies/Transformation/SetQueryParameter.swift.

extension RequestExecution {
    func setQueryParameter(_ parameter: SetHeader, _ policy: Policy) throws {
        let name = try text(parameter.name, in: policy) ?? ""
        let action = (try text(parameter.existsAction, in: policy) ?? "override").lowercased()
        let values = try texts(parameter.values, in: policy)
        var query = context.request.url.query
        let index = query.firstIndex { $0.0 == name }
        switch action {
        case "delete":
            query.removeAll { $0.0 == name }
        case "skip":
            if index == nil { query.append((name, values)) }
        case "append":
            if let index { query[index].1 += values } else { query.append((name, values)) }
        default:
            if let index { query[index].1 = values } else { query.append((name, values)) }
        }
        context.request.url.query = query
        record(.policy, policy, "query parameter \(name) \(action)")
    }
}
