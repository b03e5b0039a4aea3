import Testing
import PolicySource
@testable import DotNet

private func err(_ body: () throws -> Any?) -> DotNetException? {
    do { _ = try body(); return nil } catch let e as DotNetException { return e } catch { return nil }
}

@Suite struct DotNetDateTimeTests {
    let dt = try! DotNetDateTime(year: 2020, month: 1, day: 2, hour: 3, minute: 4, second: 5, millisecond: 60)

    @Test func standardFormatsInvariant() throws {
        // Invariant culture patterns: ShortDatePattern MM/dd/yyyy, LongTimePattern HH:mm:ss, etc.
        #expect(dt.description == "01/02/2020 03:04:05")
        #expect(try dt.toString("o") == "2020-01-02T03:04:05.0600000")
        #expect(try dt.specifyKind(.utc).toString("O") == "2020-01-02T03:04:05.0600000Z")
        #expect(try dt.specifyKind(.local).toString("o") == "2020-01-02T03:04:05.0600000+00:00")
        #expect(try dt.toString("s") == "2020-01-02T03:04:05")
        #expect(try dt.toString("u") == "2020-01-02 03:04:05Z")
        #expect(try dt.toString("r") == "Thu, 02 Jan 2020 03:04:05 GMT")
        #expect(try dt.toString("d") == "01/02/2020")
        #expect(try dt.toString("D") == "Thursday, 02 January 2020")
        #expect(try dt.toString("f") == "Thursday, 02 January 2020 03:04")
        #expect(try dt.toString("g") == "01/02/2020 03:04")
        #expect(try dt.toString("t") == "03:04")
        #expect(try dt.toString("M") == "January 02")
        #expect(try dt.toString("Y") == "2020 January")
        #expect(err { try dt.toString("Q") }?.message == "Input string was not in a correct format.")
    }

    @Test func customFormats() throws {
        #expect(try dt.toString("yyyy-MM-dd HH:mm:ss.fff tt") == "2020-01-02 03:04:05.060 AM")
        #expect(try dt.toString("h:mm t, ddd d MMM yy") == "3:04 A, Thu 2 Jan 20")
        #expect(try dt.toString("yyyyMMdd'T'HHmmss.FFFK") == "20200102T030405.06")
        #expect(try dt.specifyKind(.utc).toString("HH:mm:ss.FFFFFFFK") == "03:04:05.06Z")
        #expect(try dt.toString("%d") == "2")
        #expect(try dt.toString("\\d\\a\\y d") == "day 2")
        #expect(try dt.toString("zzz") == "+00:00")
    }

    @Test func componentsAndArithmetic() throws {
        #expect(dt.dayOfWeek == .thursday)
        #expect(dt.dayOfYear == 2)
        #expect(dt.millisecond == 60)
        #expect(try DotNetDateTime(year: 2020, month: 1, day: 1).ticks == 637_134_336_000_000_000)  // DateTime(2020,1,1).Ticks
        let jan31 = try DotNetDateTime(year: 2020, month: 1, day: 31)
        #expect(try jan31.addMonths(1).toString("yyyy-MM-dd") == "2020-02-29")
        #expect(try jan31.addDays(1.5).toString("s") == "2020-02-01T12:00:00")
        #expect(try jan31.addYears(-1).toString("d") == "01/31/2019")
        #expect(jan31.subtract(dt).description == "28.20:55:54.9400000")
        #expect(err { try DotNetDateTime.maxValue.addTicks(1) }?.type == "ArgumentOutOfRangeException")
        #expect(err { try DotNetDateTime(year: 2021, month: 2, day: 29) }?.message == "Year, Month, and Day parameters describe an un-representable DateTime.")
        #expect(DotNetDateTime.utcNow(unixMilliseconds: 0) == DotNetDateTime.unixEpoch)
    }

    @Test func parsing() throws {
        let utc = try DotNetDateTime.parse("2020-01-02T03:04:05Z")
        #expect(utc.kind == .local)  // converted to local time (UTC on the gateway)
        #expect(try utc.toString("s") == "2020-01-02T03:04:05")
        #expect(try DotNetDateTime.parse("2020-01-02T05:04:05+02:00").toString("s") == "2020-01-02T03:04:05")
        #expect(try DotNetDateTime.parse("Thu, 02 Jan 2020 03:04:05 GMT").toString("s") == "2020-01-02T03:04:05")
        #expect(try DotNetDateTime.parse("01/02/2020 03:04:05 PM").toString("s") == "2020-01-02T15:04:05")
        #expect(try DotNetDateTime.parse("2020-01-02").kind == .unspecified)
        #expect(err { try DotNetDateTime.parse("not a date") }?.message == "String 'not a date' was not recognized as a valid DateTime.")
        #expect(try DotNetDateTime.parseExact("02/01/2020 13:14", "dd/MM/yyyy HH:mm").toString("s") == "2020-01-02T13:14:00")
        #expect(err { try DotNetDateTime.parseExact("2020-1-02", "yyyy-MM-dd") }?.type == "FormatException")
        #expect(try DotNetDateTime.parseExact("2020-01-02T03:04:05.0600000Z", "o").toString("o") == "2020-01-02T03:04:05.0600000+00:00")
        #expect(try DotNetDateTime.parse("Jan 2, 2020 3:04 PM").toString("s") == "2020-01-02T15:04:00")
        #expect(try DotNetDateTime.parse(dt.toString("D")).toString("d") == "01/02/2020")
        #expect(try DotNetDateTime.parse("15:04", now: dt).toString("s") == "2020-01-02T15:04:00")
        #expect(try DotNetDateTime.parseRoundtripKind("2020-01-02T03:04:05Z").kind == .utc)
        #expect(try DotNetDateTime.parse("2020-01-02T03:04:05+01:00", styles: .adjustToUniversal).kind == .utc)
        #expect(try DotNetDateTime.parse("2020-01-02T03:04:05+01:00", styles: .adjustToUniversal).toString("s") == "2020-01-02T02:04:05")
        #expect(try DotNetDateTime.parse("2020-01-02 03:04", styles: .assumeUniversal).kind == .local)
        #expect(try DotNetDateTime.parseExact("02.01.2020", formats: ["yyyy-MM-dd", "dd.MM.yyyy"]).toString("d") == "01/02/2020")
        let off = try DotNetDateTimeOffset.parse("2020-01-02T03:04:05+02:00")
        #expect(off.description == "01/02/2020 03:04:05 +02:00")
        #expect(try off.toString("o") == "2020-01-02T03:04:05.0000000+02:00")
        #expect(try off.toString("u") == "2020-01-02 01:04:05Z")
    }

    @Test func unixTime() throws {
        // DateTimeOffset.FromUnixTimeSeconds(1700000000) = 2023-11-14T22:13:20Z.
        let d = try DotNetDateTimeOffset.fromUnixTimeSeconds(1_700_000_000)
        #expect(try d.utcDateTime.toString("o") == "2023-11-14T22:13:20.0000000Z")
        #expect(d.toUnixTimeMilliseconds() == 1_700_000_000_000)
        #expect(try DotNetDateTimeOffset.fromUnixTimeMilliseconds(-1).toUnixTimeSeconds() == -1)
        #expect(err { try DotNetDateTimeOffset.fromUnixTimeSeconds(Int64.max) }?.type == "ArgumentOutOfRangeException")
    }

    @Test func timeSpan() throws {
        #expect(try DotNetTimeSpan.fromSeconds(90).description == "00:01:30")
        #expect(try DotNetTimeSpan(days: 1, hours: 2, minutes: 3, seconds: 4, milliseconds: 5).description == "1.02:03:04.0050000")
        #expect(try DotNetTimeSpan.fromMinutes(-1.5).description == "-00:01:30")
        #expect(try DotNetTimeSpan.parse("1.02:03:04").totalSeconds == 93_784)
        #expect(try DotNetTimeSpan.parse("00:00:01.5").totalMilliseconds == 1500)
        #expect(try DotNetTimeSpan.parse("3").days == 3)
        #expect(err { try DotNetTimeSpan.parse("25:00") }?.type == "OverflowException")
        #expect(err { try DotNetTimeSpan.parse("ab:00") }?.message == "String 'ab:00' was not recognized as a valid TimeSpan.")
        #expect(try DotNetTimeSpan.parse("1:02:03:04.5").description == "1.02:03:04.5000000")
        #expect(try DotNetTimeSpan.parse("10675199.02:48:05.4775807") == DotNetTimeSpan.maxValue)  // TimeSpan.MaxValue
        #expect(err { try DotNetTimeSpan.parse("10675199.02:48:05.4775808") }?.type == "OverflowException")
        #expect(err { try DotNetTimeSpan.parse("10675200") }?.type == "OverflowException")
        #expect(try DotNetTimeSpan.fromHours(1.5).toString("g") == "1:30:00")
        #expect(try DotNetTimeSpan.fromHours(1.5).toString("hh\\:mm") == "01:30")
        #expect(err { try DotNetTimeSpan.fromSeconds(.nan) }?.type == "ArgumentException")
        #expect(err { try DotNetTimeSpan.fromDays(1e300) }?.type == "OverflowException")
    }
    /// The round-trip fast path prints exactly what the general pattern formatter prints.
    @Test func roundTripFastPathMatchesThePattern() throws {
        var random = SeededRandom(seed: 7)
        let pattern = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK"
        for step in 0..<2_000 {
            let ticks = step < 3 ? [0, DotNetDateTime.maxTicks, 630_822_816_000_000_000][step] : Int64(random.next() % UInt64(DotNetDateTime.maxTicks))
            for kind in [DotNetDateTimeKind.utc, .local, .unspecified] {
                let value = DotNetDateTime(uncheckedTicks: ticks, kind: kind)
                #expect(DotNetDateFormat.roundTrip(value, offset: nil) == (try DotNetDateFormat.custom(value, offset: nil, format: pattern)))
            }
            let minutes = Int64(step % 1_681) - 840
            let offset = DotNetTimeSpan(ticks: minutes * DotNetTimeSpan.ticksPerMinute)
            let value = DotNetDateTime(uncheckedTicks: ticks, kind: .unspecified)
            #expect(DotNetDateFormat.roundTrip(value, offset: offset)
                == (try DotNetDateFormat.custom(value, offset: offset, format: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffzzz")))
        }
    }
}
