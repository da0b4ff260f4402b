//! A participation in a training action as iCalendar (RFC 5545) and as a scheduling message
//! (RFC 5546, iTIP). One participation keeps one `UID` for its whole life and each message about it
//! a higher `SEQUENCE`, so the entry in the magistrate's calendar follows the action (moved: the
//! update replaces it; withdrawn or cancelled: `METHOD:CANCEL` removes it) instead of multiplying.
//! Times are the action's days from 9 h to 17 h 30 on the wall clock of its zone (the School's, or
//! the organising overseas court's), with that zone's `VTIMEZONE`.

mod content;
mod timezone;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc, Weekday};
use shared::rules::local_time;

use crate::entities::session;

pub(crate) use content::escape;
use content::fold;

/// What a calendar object asks of the client that reads it (RFC 5546, 1.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// A calendar to subscribe to or import: the person's confirmed actions.
    Publish,
    /// An invitation, or its update: add or replace the entry.
    Request,
    /// The participation ended: remove the entry.
    Cancel,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Publish => "PUBLISH",
            Self::Request => "REQUEST",
            Self::Cancel => "CANCEL",
        }
    }
}

/// The wall-clock hours of a training day, in the action's zone.
const DAY_STARTS: (u32, u32) = (9, 0);
const DAY_ENDS: (u32, u32) = (17, 30);

/// Who the entry is for.
pub struct Attendee<'a> {
    pub name: &'a str,
    pub email: &'a str,
}

/// One participation in one action.
pub struct Entry<'a> {
    pub application_id: i64,
    pub sequence: i32,
    pub session: &'a session::Model,
    pub attendee: Attendee<'a>,
}

/// The participation's identifier, the same in every message and in the subscribed calendar.
pub fn uid(application_id: i64) -> String {
    format!("participation-{application_id}@magistra.enm.justice.fr")
}

/// The address part of `"Name <address>"`, or the whole text.
fn address_of(mailbox: &str) -> &str {
    match (mailbox.rfind('<'), mailbox.rfind('>')) {
        (Some(open), Some(close)) if open < close => &mailbox[open + 1..close],
        _ => mailbox.trim(),
    }
}

fn hour(at: (u32, u32)) -> NaiveTime {
    NaiveTime::from_hms_opt(at.0, at.1, 0).unwrap_or(NaiveTime::MIN)
}

fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The content lines of one event.
fn event(method: Method, entry: &Entry<'_>, organizer: &str, stamp: &str) -> Vec<String> {
    let s = entry.session;
    let zone = s.zone();
    let local = |day: NaiveDate, at: (u32, u32)| day.and_time(hour(at)).format("%Y%m%dT%H%M%S").to_string();
    let last_end = local_time::at_local(s.end_date, hour(DAY_ENDS), zone);
    // Every day of the action, weekends left out when it starts and ends on working days.
    let mut rule = format!("RRULE:FREQ=DAILY;UNTIL={}", last_end.format("%Y%m%dT%H%M%SZ"));
    if !is_weekend(s.start_date) && !is_weekend(s.end_date) {
        rule.push_str(";BYDAY=MO,TU,WE,TH,FR");
    }
    let attendee_status = if method == Method::Cancel { "DECLINED" } else { "ACCEPTED" };
    let code = s.code.as_deref().unwrap_or_default();
    let mut lines = vec![
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", uid(entry.application_id)),
        format!("SEQUENCE:{}", entry.sequence),
        format!("DTSTAMP:{stamp}"),
        format!("DTSTART;TZID={}:{}", zone.name(), local(s.start_date, DAY_STARTS)),
        format!("DTEND;TZID={}:{}", zone.name(), local(s.start_date, DAY_ENDS)),
    ];
    if s.end_date > s.start_date {
        lines.push(rule);
    }
    lines.extend([
        format!("SUMMARY:{}", escape(&s.title)),
        format!("LOCATION:{}", escape(s.location.as_deref().unwrap_or("Lieu à préciser"))),
        format!("DESCRIPTION:{}", escape(&format!("Formation continue des magistrats — action {code}."))),
        format!("ORGANIZER;CN=École nationale de la magistrature:mailto:{}", address_of(organizer)),
    ]);
    // RFC 5546 (3.2.1): a published calendar names no attendee.
    if method != Method::Publish {
        let name: String = entry.attendee.name.chars().filter(|c| *c != '"' && !c.is_control()).collect();
        let address: String = address_of(entry.attendee.email).chars().filter(|c| !c.is_control()).collect();
        lines.push(format!("ATTENDEE;CN=\"{name}\";ROLE=REQ-PARTICIPANT;PARTSTAT={attendee_status}:mailto:{address}"));
    }
    lines.extend([
        format!("STATUS:{}", if method == Method::Cancel { "CANCELLED" } else { "CONFIRMED" }),
        "TRANSP:OPAQUE".to_owned(),
        "END:VEVENT".to_owned(),
    ]);
    lines
}

/// The calendar object of `entries` under `method`, its zones described once each.
pub fn render(method: Method, name: &str, entries: &[Entry<'_>], organizer: &str, now: DateTime<Utc>) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//ENM//Magistra//FR".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        format!("METHOD:{}", method.as_str()),
        format!("X-WR-CALNAME:{}", escape(name)),
    ];
    let mut zones: Vec<local_time::Tz> = entries.iter().map(|e| e.session.zone()).collect();
    zones.sort_by_key(|z| z.name());
    zones.dedup();
    for zone in zones {
        let years = entries.iter().filter(|e| e.session.zone() == zone).map(|e| e.session.start_date.year());
        let (first, last) = years.fold((i32::MAX, i32::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
        lines.extend(timezone::lines(zone, first, last.saturating_add(1)));
    }
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    for entry in entries {
        lines.extend(event(method, entry, organizer, &stamp));
    }
    lines.push("END:VCALENDAR".to_owned());
    lines.iter().map(|line| fold(line)).collect()
}
