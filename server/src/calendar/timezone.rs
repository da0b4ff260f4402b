//! `VTIMEZONE` components (RFC 5545, 3.6.5) read from the tz database: every change of offset in
//! the years a calendar covers, written as it happened, so that a client without that zone in its
//! own tables still places each time right (Paris's changes to and from summer time; none for
//! Nouméa or Cayenne, which get one constant observance).

use chrono::{DateTime, Duration, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

/// One observance: from `onset` the zone is `offset_to` seconds ahead of UTC.
struct Observance {
    onset: DateTime<Utc>,
    offset_from: i32,
    offset_to: i32,
    summer: bool,
    name: Option<String>,
}

fn offset_at(zone: Tz, at: DateTime<Utc>) -> (i32, bool, Option<String>) {
    let offset = zone.offset_from_utc_datetime(&at.naive_utc());
    let summer = !offset.dst_offset().is_zero();
    let name = offset.abbreviation().filter(|n| n.chars().all(|c| c.is_ascii_alphabetic())).map(str::to_owned);
    (offset.fix().local_minus_utc(), summer, name)
}

/// The instant the offset changes between `before` and `after` (a day apart), to the second.
fn change_between(zone: Tz, mut before: DateTime<Utc>, mut after: DateTime<Utc>) -> DateTime<Utc> {
    let first = offset_at(zone, before).0;
    while after - before > Duration::seconds(1) {
        let middle = before + (after - before) / 2;
        if offset_at(zone, middle).0 == first {
            before = middle;
        } else {
            after = middle;
        }
    }
    after
}

/// The observances of `zone` from the 1st of January of `first_year` to the end of `last_year`.
fn observances(zone: Tz, first_year: i32, last_year: i32) -> Vec<Observance> {
    let start_of = |year: i32| {
        NaiveDate::from_ymd_opt(year, 1, 1).map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc()).unwrap_or_default()
    };
    let (start, end) = (start_of(first_year), start_of(last_year.saturating_add(1)));
    let (offset, summer, name) = offset_at(zone, start);
    let mut out = vec![Observance { onset: start, offset_from: offset, offset_to: offset, summer, name }];
    let mut day = start;
    while day < end {
        let next = day + Duration::days(1);
        let (from, to) = (offset_at(zone, day).0, offset_at(zone, next));
        if from != to.0 {
            let onset = change_between(zone, day, next);
            let (offset_to, summer, name) = offset_at(zone, onset);
            out.push(Observance { onset, offset_from: from, offset_to, summer, name });
        }
        day = next;
    }
    out
}

/// `+0100`, `-1000`.
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

/// The `VTIMEZONE` of `zone` for the years `first_year` to `last_year`, as content lines.
pub fn lines(zone: Tz, first_year: i32, last_year: i32) -> Vec<String> {
    let mut out = vec!["BEGIN:VTIMEZONE".to_owned(), format!("TZID:{}", zone.name())];
    for o in observances(zone, first_year, last_year) {
        let kind = if o.summer { "DAYLIGHT" } else { "STANDARD" };
        // DTSTART is the wall-clock time of the onset, read with the offset in force before it.
        let local = o.onset.naive_utc() + Duration::seconds(i64::from(o.offset_from));
        out.push(format!("BEGIN:{kind}"));
        out.push(format!("DTSTART:{}", local.format("%Y%m%dT%H%M%S")));
        out.push(format!("TZOFFSETFROM:{}", utc_offset(o.offset_from)));
        out.push(format!("TZOFFSETTO:{}", utc_offset(o.offset_to)));
        if let Some(name) = o.name {
            out.push(format!("TZNAME:{name}"));
        }
        out.push(format!("END:{kind}"));
    }
    out.push("END:VTIMEZONE".to_owned());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_changes_to_summer_time_at_two_and_back_at_three_local_time() {
        let text = lines(chrono_tz::Europe::Paris, 2027, 2027).join("\n");
        assert!(
            text.contains("BEGIN:DAYLIGHT\nDTSTART:20270328T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200"),
            "{text}"
        );
        assert!(
            text.contains("BEGIN:STANDARD\nDTSTART:20271031T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100"),
            "{text}"
        );
    }

    #[test]
    fn noumea_and_papeete_keep_one_offset_all_year() {
        let noumea = lines(chrono_tz::Pacific::Noumea, 2027, 2027);
        assert_eq!(noumea.iter().filter(|l| l.starts_with("BEGIN:STANDARD")).count(), 1);
        assert!(noumea.contains(&"TZOFFSETTO:+1100".to_owned()));
        assert!(lines(chrono_tz::Pacific::Tahiti, 2027, 2027).contains(&"TZOFFSETTO:-1000".to_owned()));
    }
}
