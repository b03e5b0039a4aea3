@testable import PolicyCheck
import PolicySource
import Testing

@Suite struct UnifiedDiffTests {
    @Test func equalTextsHaveNoDiff() {
        #expect(UnifiedDiff.diff(old: "a\nb\n", new: "a\nb\n", oldName: "x", newName: "y") == "")
    }

    @Test func oneChangedLineWithContext() {
        let old = (1...10).map { "line \($0)\n" }.joined()
        let new = old.replacingOccurrences(of: "line 5\n", with: "line five\n")
        #expect(UnifiedDiff.diff(old: old, new: new, oldName: "a.golden", newName: "a.scenario.yaml (actual)") == """
            --- a.golden
            +++ a.scenario.yaml (actual)
            @@ -2,7 +2,7 @@
             line 2
             line 3
             line 4
            -line 5
            +line five
             line 6
             line 7
             line 8

            """)
    }

    @Test func separateHunksAndMergedHunks() {
        let old = (1...20).map { "\($0)\n" }.joined()
        var newLines = (1...20).map { "\($0)" }
        newLines[1] = "two"      // line 2
        newLines[17] = "eighteen" // line 18
        newLines.insert("added", at: 5) // after line 5
        let new = newLines.map { $0 + "\n" }.joined()
        #expect(UnifiedDiff.diff(old: old, new: new, oldName: "old", newName: "new") == """
            --- old
            +++ new
            @@ -1,8 +1,9 @@
             1
            -2
            +two
             3
             4
             5
            +added
             6
             7
             8
            @@ -15,6 +16,6 @@
             15
             16
             17
            -18
            +eighteen
             19
             20

            """)
    }

    @Test func insertionsIntoEmptyAndDeletionsToEmpty() {
        #expect(UnifiedDiff.diff(old: "", new: "a\nb\n", oldName: "o", newName: "n") == "--- o\n+++ n\n@@ -0,0 +1,2 @@\n+a\n+b\n")
        #expect(UnifiedDiff.diff(old: "a\n", new: "", oldName: "o", newName: "n") == "--- o\n+++ n\n@@ -1 +0,0 @@\n-a\n")
    }

    @Test func missingNewlineAtEnd() {
        #expect(UnifiedDiff.diff(old: "a\nb", new: "a\nb\n", oldName: "o", newName: "n")
            == "--- o\n+++ n\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n")
    }

    @Test func minimalEditScript() {
        // Myers finds the shortest script: one deletion and one insertion, not a rewrite.
        let diff = UnifiedDiff.diff(old: "a\nb\nc\nd\ne\n", new: "b\nc\nd\ne\nf\n", oldName: "o", newName: "n", context: 1)
        #expect(diff == "--- o\n+++ n\n@@ -1,2 +1 @@\n-a\n b\n@@ -5 +4,2 @@\n e\n+f\n")
    }

    @Test func largeInputsStayCheap() {
        let old = (0..<20_000).map { "old \($0)\n" }.joined()
        let new = (0..<20_000).map { "new \($0)\n" }.joined()
        let diff = UnifiedDiff.diff(old: old, new: new, oldName: "o", newName: "n")
        #expect(diff.hasPrefix("--- o\n+++ n\n@@ -1,20000 +1,20000 @@\n-old 0\n"))
    }

    @Test func editScriptsAreCorrectAndMinimal() {
        var random = SeededRandom(seed: 7)
        for _ in 0..<300 {
            let a = (0..<Int(random.next() % 12)).map { _ in "abc".randomElement(using: &random).map(String.init) ?? "" }
            let b = (0..<Int(random.next() % 12)).map { _ in "abc".randomElement(using: &random).map(String.init) ?? "" }
            let lineA = a.map { UnifiedDiff.Line(text: Substring($0), newline: true) }
            let lineB = b.map { UnifiedDiff.Line(text: Substring($0), newline: true) }
            let script = UnifiedDiff.editScript(lineA, lineB)
            // Replaying the script turns a into b.
            var rebuilt: [String] = []
            var deleted = 0
            for op in script {
                switch op {
                case .equal(let i, let j): #expect(a[i] == b[j]); rebuilt.append(a[i])
                case .delete: deleted += 1
                case .insert(let j): rebuilt.append(b[j])
                }
            }
            #expect(rebuilt == b)
            // Minimal: the kept lines are a longest common subsequence.
            var lcs = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
            for i in stride(from: a.count - 1, through: 0, by: -1) {
                for j in stride(from: b.count - 1, through: 0, by: -1) {
                    lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
                }
            }
            #expect(a.count - deleted == lcs[0][0])
        }
    }
}
