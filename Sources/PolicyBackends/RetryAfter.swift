/// The `Retry-After` response header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
public enum RetryAfter {
    /// The wait in milliseconds: `"10"` → 10 000; an HTTP-date → the time from `nowEpochMs` to
    /// that date (0 when it has passed). Nil when the value is neither.
    public static func milliseconds(_ value: String, nowEpochMs: Int64) -> Int64? {
        let text = value.trimmingSpaces
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard text.count <= 12, let seconds = Int64(text) else { return nil }
            return seconds * 1000
        }
        guard let date = httpDateEpochSeconds(String(text)) else { return nil }
        return max(0, date * 1000 - nowEpochMs)
    }

    /// Parses an HTTP-date into Unix epoch seconds: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`),
    /// the obsolete RFC 850 form (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`).
    public static func httpDateEpochSeconds(_ text: String) -> Int64? {
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        func month(_ s: Substring) -> Int? {
            months.firstIndex(of: s.lowercased()).map { $0 + 1 }
        }
        func clock(_ s: Substring) -> (Int, Int, Int)? {
            let parts = s.split(separator: ":")
            guard parts.count == 3, let h = Int(parts[0]), let m = Int(parts[1]), let sec = Int(parts[2]),
                  (0...23).contains(h), (0...59).contains(m), (0...60).contains(sec) else { return nil }
            return (h, m, sec)
        }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        var day = 0, mon = 0, year = 0
        var time: (Int, Int, Int)?
        if words.count == 6, words[0].hasSuffix(","), words[5].uppercased() == "GMT" {
            // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
            guard let d = Int(words[1]), let m = month(words[2]), let y = Int(words[3]) else { return nil }
            day = d; mon = m; year = y; time = clock(words[4])
        } else if words.count == 4, words[0].hasSuffix(","), words[3].uppercased() == "GMT" {
            // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
            let dmy = words[1].split(separator: "-")
            guard dmy.count == 3, let d = Int(dmy[0]), let m = month(dmy[1]), let y = Int(dmy[2]) else { return nil }
            day = d; mon = m; year = y < 100 ? (y < 70 ? 2000 + y : 1900 + y) : y; time = clock(words[2])
        } else if words.count == 5 {
            // asctime: Sun Nov  6 08:49:37 1994
            guard let m = month(words[1]), let d = Int(words[2]), let y = Int(words[4]) else { return nil }
            day = d; mon = m; year = y; time = clock(words[3])
        } else {
            return nil
        }
        guard let (h, mi, s) = time, (1...31).contains(day), (1...9999).contains(year) else { return nil }
        return daysFromCivil(year, mon, day) * 86_400 + Int64(h * 3600 + mi * 60 + s)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
