/// Line diffs in unified format (`---`/`+++` headers, `@@ -a,b +c,d @@` hunks), as `diff -u` prints
/// them. The edit script is Myers' shortest one, so the diff is minimal; inputs too different for
/// that to stay cheap fall back to replacing the differing middle as a whole.
public enum UnifiedDiff {
    /// The unified diff turning `old` into `new`, or "" when they are equal. `context` lines of
    /// unchanged text surround each change. A last line without a line break is marked
    /// `\ No newline at end of file`.
    public static func diff(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
        if old == new { return "" }
        let a = lines(old)
        let b = lines(new)
        let script = editScript(a, b)
        var output = "--- \(oldName)\n+++ \(newName)\n"
        for hunk in hunks(script, context: max(0, context)) {
            let oldStart = hunk.oldCount == 0 ? hunk.oldStart : hunk.oldStart + 1
            let newStart = hunk.newCount == 0 ? hunk.newStart : hunk.newStart + 1
            output += "@@ -\(range(oldStart, hunk.oldCount)) +\(range(newStart, hunk.newCount)) @@\n"
            for op in hunk.operations {
                let line: Line
                let mark: String
                switch op {
                case .equal(let i, _): line = a[i]; mark = " "
                case .delete(let i): line = a[i]; mark = "-"
                case .insert(let j): line = b[j]; mark = "+"
                }
                output += mark + line.text + "\n"
                if !line.newline { output += "\\ No newline at end of file\n" }
            }
        }
        return output
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(start),\(count)"
    }

    struct Line: Equatable {
        var text: Substring
        var newline: Bool
    }

    static func lines(_ text: String) -> [Line] {
        guard !text.isEmpty else { return [] }
        var result: [Line] = []
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false)
        let endsWithNewline = parts.last == ""
        if endsWithNewline { parts.removeLast() }
        for (index, part) in parts.enumerated() {
            result.append(Line(text: part, newline: index + 1 < parts.count || endsWithNewline))
        }
        return result
    }

    enum Operation: Equatable {
        case equal(Int, Int)
        case delete(Int)
        case insert(Int)

        var isChange: Bool {
            if case .equal = self { return false }
            return true
        }
    }

    /// The shortest edit script from `a` to `b`.
    static func editScript(_ a: [Line], _ b: [Line]) -> [Operation] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        var script: [Operation] = (0..<prefix).map { .equal($0, $0) }
        let middleA = Array(a[prefix..<(a.count - suffix)])
        let middleB = Array(b[prefix..<(b.count - suffix)])
        let middle = myers(middleA, middleB) ?? (middleA.indices.map { .delete($0) } + middleB.indices.map { .insert($0) })
        for op in middle {
            switch op {
            case .equal(let i, let j): script.append(.equal(i + prefix, j + prefix))
            case .delete(let i): script.append(.delete(i + prefix))
            case .insert(let j): script.append(.insert(j + prefix))
            }
        }
        for k in 0..<suffix {
            script.append(.equal(a.count - suffix + k, b.count - suffix + k))
        }
        return script
    }

    /// Myers' O((N+M)·D) algorithm, keeping each round's frontier to walk the path back.
    /// Returns nil when the work would exceed a fixed budget (then the caller replaces the whole middle).
    private static func myers(_ a: [Line], _ b: [Line]) -> [Operation]? {
        let n = a.count
        let m = b.count
        if n == 0 { return b.indices.map { .insert($0) } }
        if m == 0 { return a.indices.map { .delete($0) } }
        let maxD = n + m
        let offset = maxD
        var v = [Int](repeating: 0, count: 2 * maxD + 2)
        var trace: [[Int]] = []
        var stored = 0
        let budget = 4_000_000
        var found = false
        outer: for d in 0...maxD {
            // Store only the frontier of this round: diagonals -d...d.
            trace.append(Array(v[(offset - d)...(offset + d + 1)]))
            stored += 2 * d + 2
            if stored > budget { return nil }
            var k = -d
            while k <= d {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n, y >= m {
                    found = true
                    break outer
                }
                k += 2
            }
        }
        guard found else { return nil }
        // Walk back through the stored frontiers.
        var operations: [Operation] = []
        var x = n
        var y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let frontier = trace[d]  // v before round d, diagonals -d...d+1
            func value(_ k: Int) -> Int { frontier[k + d] }
            let k = x - y
            let previousK: Int
            if d == 0 {
                while x > 0, y > 0 {
                    operations.append(.equal(x - 1, y - 1))
                    x -= 1
                    y -= 1
                }
                break
            }
            if k == -d || (k != d && value(k - 1) < value(k + 1)) {
                previousK = k + 1
            } else {
                previousK = k - 1
            }
            let previousX = value(previousK)
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                operations.append(.equal(x - 1, y - 1))
                x -= 1
                y -= 1
            }
            if x == previousX {
                operations.append(.insert(y - 1))
            } else {
                operations.append(.delete(x - 1))
            }
            x = previousX
            y = previousY
        }
        return operations.reversed()
    }

    struct Hunk {
        var oldStart: Int
        var oldCount: Int
        var newStart: Int
        var newCount: Int
        var operations: [Operation]
    }

    /// Groups the script into hunks: each change with `context` unchanged lines around it; hunks
    /// closer than 2·context lines merge.
    static func hunks(_ script: [Operation], context: Int) -> [Hunk] {
        let changeIndices = script.indices.filter { script[$0].isChange }
        guard let firstChange = changeIndices.first else { return [] }
        var ranges: [(Int, Int)] = []
        var start = max(0, firstChange - context)
        var end = min(script.count - 1, firstChange + context)
        for index in changeIndices.dropFirst() {
            if index - context <= end + 1 {
                end = min(script.count - 1, index + context)
            } else {
                ranges.append((start, end))
                start = max(0, index - context)
                end = min(script.count - 1, index + context)
            }
        }
        ranges.append((start, end))

        // Old and new line positions before each script index.
        var oldBefore = [Int](repeating: 0, count: script.count + 1)
        var newBefore = [Int](repeating: 0, count: script.count + 1)
        for (index, op) in script.enumerated() {
            oldBefore[index + 1] = oldBefore[index] + (isInsert(op) ? 0 : 1)
            newBefore[index + 1] = newBefore[index] + (isDelete(op) ? 0 : 1)
        }
        return ranges.map { range in
            let operations = Array(script[range.0...range.1])
            return Hunk(oldStart: oldBefore[range.0], oldCount: operations.filter { !isInsert($0) }.count,
                        newStart: newBefore[range.0], newCount: operations.filter { !isDelete($0) }.count,
                        operations: operations)
        }
    }

    private static func isInsert(_ op: Operation) -> Bool {
        if case .insert = op { return true }
        return false
    }

    private static func isDelete(_ op: Operation) -> Bool {
        if case .delete = op { return true }
        return false
    }
}
