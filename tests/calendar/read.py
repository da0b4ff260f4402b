"""Reads back what Magistra sent, with real parsers: Python's e-mail package for the MIME structure
and the `icalendar` package (PyPI) for every calendar. Input on stdin: a JSON list of raw e-mails, or
with `--ics` one iCalendar text. Output on stdout: one JSON document the Rust tests assert on.
"""

import email
import email.policy
import json
import sys
from datetime import date, datetime, timezone

import icalendar


def moment(value):
    """A DTSTART/DTEND as ISO text: local with its zone, and in UTC."""
    dt = value.dt
    if isinstance(dt, datetime):
        tzid = getattr(dt.tzinfo, "key", None) or str(dt.tzinfo)
        return {"local": dt.isoformat(), "utc": dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "tzid": tzid}
    if isinstance(dt, date):
        return {"date": dt.isoformat()}
    return {"text": str(dt)}


def calendar(text):
    cal = icalendar.Calendar.from_ical(text)
    events = []
    for event in cal.walk("VEVENT"):
        rrule = event.get("RRULE")
        events.append({
            "uid": str(event.get("UID")),
            "sequence": int(event.get("SEQUENCE", 0)),
            "status": str(event.get("STATUS", "")),
            "summary": str(event.get("SUMMARY", "")),
            "location": str(event.get("LOCATION", "")),
            "organizer": str(event.get("ORGANIZER", "")),
            "attendee": str(event.get("ATTENDEE", "")),
            "start": moment(event.get("DTSTART")),
            "end": moment(event.get("DTEND")),
            "rrule": rrule.to_ical().decode() if rrule is not None else None,
        })
    return {
        "method": str(cal.get("METHOD", "")),
        "timezones": [str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")],
        "events": events,
    }


def mail(raw):
    message = email.message_from_string(raw, policy=email.policy.default)
    parts, plain, html, calendars = [], None, None, []
    for part in message.walk():
        kind = part.get_content_type()
        parts.append(kind)
        if part.is_multipart():
            continue
        if kind == "text/plain" and plain is None:
            plain = part.get_content()
        elif kind == "text/html" and html is None:
            html = part.get_content()
        elif kind == "text/calendar":
            found = calendar(part.get_content())
            found["contentTypeMethod"] = part.get_param("method")
            calendars.append(found)
    return {
        "subject": str(message["Subject"]),
        "from": str(message["From"]),
        "replyTo": str(message.get("Reply-To", "")),
        "to": str(message["To"]),
        "parts": parts,
        "plain": plain,
        "html": html,
        "calendars": calendars,
    }


def main():
    text = sys.stdin.read()
    if "--ics" in sys.argv:
        print(json.dumps(calendar(text)))
    else:
        print(json.dumps([mail(raw) for raw in json.loads(text)]))


if __name__ == "__main__":
    main()
