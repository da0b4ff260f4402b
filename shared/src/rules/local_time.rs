//! Calendar days as the School and the courts live them. « Aujourd'hui » and every deadline of
//! Title VII (the applications window, the observation period, the confirmation, the lapse) are
//! read on the School's clock, Europe/Paris; a deconcentrated action of an overseas court of appeal
//! keeps its dates and deadlines on that court's own clock (Nouméa is ten hours ahead of Paris in
//! winter and nine in summer, Papeete eleven or twelve behind). The zones come from the tz database (`chrono-tz`), so
//! summer time follows the law rather than a rule written here.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
pub use chrono_tz::Tz;

/// The School's time zone, and every court's of metropolitan France and Corsica.
pub const SCHOOL_TIME_ZONE: Tz = chrono_tz::Europe::Paris;

/// The time zone of each overseas court of appeal, by the court's name as the reference list
/// (`cours-d-appel.csv`) writes it. Every other court keeps the School's.
pub const OVERSEAS_COURT_TIME_ZONES: [(&str, Tz); 6] = [
    ("Basse-Terre", chrono_tz::America::Guadeloupe),
    ("Cayenne", chrono_tz::America::Cayenne),
    ("Fort-de-France", chrono_tz::America::Martinique),
    ("Nouméa", chrono_tz::Pacific::Noumea),
    ("Papeete", chrono_tz::Pacific::Tahiti),
    ("Saint-Denis", chrono_tz::Indian::Reunion),
];

/// The city whose clock `zone` is, in French: « Paris », « Nouméa » (« heure de Nouméa »).
pub fn zone_city_fr(zone: Tz) -> &'static str {
    OVERSEAS_COURT_TIME_ZONES.iter().find(|(_, z)| *z == zone).map(|(name, _)| *name).unwrap_or("Paris")
}

/// The time zone of the court of appeal named `court_name`.
pub fn court_time_zone(court_name: &str) -> Tz {
    OVERSEAS_COURT_TIME_ZONES
        .iter()
        .find(|(name, _)| *name == court_name)
        .map(|(_, zone)| *zone)
        .unwrap_or(SCHOOL_TIME_ZONE)
}

/// Every zone an action may be held in: the School's, then the overseas courts'.
pub fn zones() -> impl Iterator<Item = Tz> {
    std::iter::once(SCHOOL_TIME_ZONE).chain(OVERSEAS_COURT_TIME_ZONES.iter().map(|(_, zone)| *zone))
}

/// The zone of an IANA name as stored (`Europe/Paris`). A name that is not one of [`zones`] reads
/// as the School's, here as in the database's twin of this rule (`server::services::offer_sql`),
/// so that a bad value never moves a deadline off the School's clock.
pub fn zone_named(name: &str) -> Tz {
    zones().find(|zone| zone.name() == name).unwrap_or(SCHOOL_TIME_ZONE)
}

/// The calendar day it is at `now` in each of [`zones`], in that order.
pub fn days_in_every_zone(now: DateTime<Utc>) -> Vec<(Tz, NaiveDate)> {
    zones().map(|zone| (zone, today_in(now, zone))).collect()
}

/// The latest calendar day anywhere an action may be held at `now`: no deadline anywhere can have
/// passed unless it is before this day.
pub fn latest_day(now: DateTime<Utc>) -> NaiveDate {
    zones().map(|zone| today_in(now, zone)).max().unwrap_or_else(|| school_today(now))
}

/// The calendar day it is at `now` in `zone`.
pub fn today_in(now: DateTime<Utc>, zone: Tz) -> NaiveDate {
    now.with_timezone(&zone).date_naive()
}

/// The calendar day it is at `now` at the School.
pub fn school_today(now: DateTime<Utc>) -> NaiveDate {
    today_in(now, SCHOOL_TIME_ZONE)
}

/// The instant `day` ends in `zone` (midnight starting the next day): the last moment a deadline
/// falling on `day` may still be met.
pub fn end_of_day(day: NaiveDate, zone: Tz) -> DateTime<Utc> {
    let next = day.checked_add_days(Days::new(1)).unwrap_or(day);
    at_local(next, NaiveTime::MIN, zone)
}

/// The instant of the wall-clock time `time` on `day` in `zone`. A time skipped by the change to
/// summer time is read one hour later; a time repeated by the change back is its first occurrence.
pub fn at_local(day: NaiveDate, time: NaiveTime, zone: Tz) -> DateTime<Utc> {
    let local = day.and_time(time);
    zone.from_local_datetime(&local)
        .earliest()
        .or_else(|| zone.from_local_datetime(&(local + chrono::Duration::hours(1))).earliest())
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_else(|| local.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap_or_default()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn half_past_midnight_in_paris_is_already_the_next_day_while_utc_is_still_on_the_previous() {
        // Winter: Paris is UTC+1.
        assert_eq!(school_today(utc("2027-01-14T23:30:00Z")), d(2027, 1, 15));
        assert_eq!(school_today(utc("2027-01-14T22:59:59Z")), d(2027, 1, 14));
        // Summer: UTC+2.
        assert_eq!(school_today(utc("2027-06-14T22:00:00Z")), d(2027, 6, 15));
        assert_eq!(school_today(utc("2027-06-14T21:59:59Z")), d(2027, 6, 14));
    }

    #[test]
    fn noumea_changes_day_eleven_hours_before_utc_and_papeete_ten_hours_after() {
        let noumea = court_time_zone("Nouméa");
        assert_eq!(today_in(utc("2027-03-10T12:59:59Z"), noumea), d(2027, 3, 10));
        assert_eq!(today_in(utc("2027-03-10T13:00:00Z"), noumea), d(2027, 3, 11));
        let papeete = court_time_zone("Papeete");
        assert_eq!(today_in(utc("2027-03-11T09:59:59Z"), papeete), d(2027, 3, 10));
        assert_eq!(today_in(utc("2027-03-11T10:00:00Z"), papeete), d(2027, 3, 11));
    }

    #[test]
    fn a_day_ends_at_local_midnight_across_the_changes_to_and_from_summer_time() {
        // 28 March 2027: clocks go from 02:00 to 03:00; the day ends at 22:00 UTC (UTC+2).
        assert_eq!(end_of_day(d(2027, 3, 28), SCHOOL_TIME_ZONE), utc("2027-03-28T22:00:00Z"));
        assert_eq!(end_of_day(d(2027, 3, 27), SCHOOL_TIME_ZONE), utc("2027-03-27T23:00:00Z"));
        // 31 October 2027: back from 03:00 to 02:00; the day lasts 25 hours and ends at 23:00 UTC.
        assert_eq!(end_of_day(d(2027, 10, 31), SCHOOL_TIME_ZONE), utc("2027-10-31T23:00:00Z"));
        assert_eq!(end_of_day(d(2027, 10, 30), SCHOOL_TIME_ZONE), utc("2027-10-30T22:00:00Z"));
    }

    #[test]
    fn a_wall_clock_time_skipped_by_summer_time_is_read_an_hour_later() {
        let skipped = NaiveTime::from_hms_opt(2, 30, 0).unwrap_or(NaiveTime::MIN);
        assert_eq!(at_local(d(2027, 3, 28), skipped, SCHOOL_TIME_ZONE), utc("2027-03-28T01:30:00Z"));
        let repeated = NaiveTime::from_hms_opt(2, 30, 0).unwrap_or(NaiveTime::MIN);
        assert_eq!(at_local(d(2027, 10, 31), repeated, SCHOOL_TIME_ZONE), utc("2027-10-31T00:30:00Z"));
    }

    #[test]
    fn only_the_six_overseas_courts_leave_the_school_time_zone() {
        assert_eq!(court_time_zone("Lyon"), SCHOOL_TIME_ZONE);
        assert_eq!(court_time_zone("Bastia"), SCHOOL_TIME_ZONE);
        assert_eq!(court_time_zone("Saint-Denis"), chrono_tz::Indian::Reunion);
        assert_eq!(zone_named("Pacific/Noumea"), chrono_tz::Pacific::Noumea);
        assert_eq!(zone_named("Mars/Olympus"), SCHOOL_TIME_ZONE);
        assert_eq!(zone_named("Europe/London"), SCHOOL_TIME_ZONE);
        assert_eq!(zones().count(), 7);
    }

    #[test]
    fn the_latest_day_is_noumeas_when_it_has_already_changed_day() {
        let now = utc("2027-03-10T14:00:00Z");
        assert_eq!(school_today(now), d(2027, 3, 10));
        assert_eq!(latest_day(now), d(2027, 3, 11));
        assert_eq!(days_in_every_zone(now).len(), 7);
    }
}
