//! Reading the API's JSON into typed values by hand. Derived `Deserialize` code is generated per type
//! and weighed about 140 KB of the WebAssembly; these few generic readers do the same job in a
//! fraction of it. A missing or mistyped required field makes the whole value `None`, which the
//! client reports as an error rather than showing half a page.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde_json::Value;

/// A value that can be read from JSON (`None` for absent or `null` input where that is allowed).
pub trait Decode: Sized {
    fn decode(value: Option<&Value>) -> Option<Self>;
}

impl Decode for String {
    fn decode(value: Option<&Value>) -> Option<Self> {
        match value? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

impl Decode for i64 {
    fn decode(value: Option<&Value>) -> Option<Self> {
        value?.as_i64()
    }
}

impl Decode for i32 {
    fn decode(value: Option<&Value>) -> Option<Self> {
        value?.as_i64().and_then(|v| i32::try_from(v).ok())
    }
}

impl Decode for f64 {
    fn decode(value: Option<&Value>) -> Option<Self> {
        value?.as_f64()
    }
}

impl Decode for bool {
    fn decode(value: Option<&Value>) -> Option<Self> {
        value?.as_bool()
    }
}

impl Decode for Value {
    fn decode(value: Option<&Value>) -> Option<Self> {
        value.cloned()
    }
}

/// « 2027-01-12 ».
impl Decode for NaiveDate {
    fn decode(value: Option<&Value>) -> Option<Self> {
        parse_date(value?.as_str()?)
    }
}

/// RFC 3339 in UTC as the server writes it: « 2027-01-12T09:30:00Z » or with « +00:00 », fractions allowed.
impl Decode for DateTime<Utc> {
    fn decode(value: Option<&Value>) -> Option<Self> {
        let text = value?.as_str()?;
        let date = parse_date(text.get(..10)?)?;
        let time = text.get(11..19)?;
        let mut parts = time.split(':').map(|p| p.parse::<u32>().ok());
        let (h, m, s) = (parts.next()??, parts.next()??, parts.next()??);
        let time = NaiveTime::from_hms_opt(h, m, s)?;
        Some(NaiveDateTime::new(date, time).and_utc())
    }
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.get(..2)?.parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// An optional value: absent or `null` is `Some(None)`; present but unreadable is `None`.
impl<T: Decode> Decode for Option<T> {
    fn decode(value: Option<&Value>) -> Option<Self> {
        match value {
            None | Some(Value::Null) => Some(None),
            Some(v) => T::decode(Some(v)).map(Some),
        }
    }
}

/// A list; every item must read. A plain loop: `collect` into `Option<Vec<_>>` compiles an
/// adapter per item type (about 600 bytes each).
impl<T: Decode> Decode for Vec<T> {
    fn decode(value: Option<&Value>) -> Option<Self> {
        let items = value?.as_array()?;
        let mut read = Vec::with_capacity(items.len());
        for item in items {
            read.push(T::decode(Some(item))?);
        }
        Some(read)
    }
}

/// The shared enums read from their wire names.
macro_rules! wire_enums {
    ($($name:ty),+ $(,)?) => {
        $(impl Decode for $name {
            fn decode(value: Option<&Value>) -> Option<Self> {
                <$name>::parse(value?.as_str()?)
            }
        })+
    };
}

wire_enums!(
    shared::ApplicationStatus,
    shared::CostCategory,
    shared::ExpenseKind,
    shared::HalfDay,
    shared::ObservationAuthority,
    shared::Opinion,
    shared::PlanStatus,
    shared::Role,
    shared::Scope,
    shared::SessionFormat,
    shared::SessionStatus,
    shared::ValidationKind,
    shared::ValidationStatus,
    shared::WithdrawalReason,
    shared::ErrorCode,
);

/// Declares a struct read from a JSON object, each field with its wire name.
#[macro_export]
macro_rules! decoded {
    ($(#[$meta:meta])* $vis:vis struct $name:ident { $($(#[$fmeta:meta])* $fvis:vis $field:ident : $ty:ty = $wire:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        $vis struct $name { $($(#[$fmeta])* $fvis $field: $ty),* }

        impl $crate::api::json::Decode for $name {
            fn decode(value: Option<&serde_json::Value>) -> Option<Self> {
                let object = value?.as_object()?;
                Some(Self { $($field: <$ty as $crate::api::json::Decode>::decode(object.get($wire))?),* })
            }
        }
    };
}
