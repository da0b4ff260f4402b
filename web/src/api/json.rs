//! Reading the API's JSON into typed values by hand. Derived `Deserialize` code is generated per type
//! and weighed about 140 KB of the WebAssembly; these few generic readers do the same job in a
//! fraction of it. A missing or mistyped required field makes the whole value `None`, which the
//! client reports as an error rather than showing half a page.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde_json::Value;

/// A value that can be read from JSON (`None` for absent or `null` input where that is allowed),
/// and the GraphQL selection that asks for exactly what it reads: a query is its head plus the
/// selection of the type it decodes into, so each field list is written once, in [`decoded!`].
pub trait Decode: Sized {
    /// The fields selected inside this value; none for a scalar or an enum.
    const SELECTION: &'static [Field] = &[];

    fn decode(value: Option<&Value>) -> Option<Self>;
}

/// One field of a GraphQL selection: its name, with its arguments if any, and what is selected in it.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub inner: &'static [Field],
}

/// Writes `fields` as the body of a GraphQL selection set (« id name court{id name } »).
pub fn write_selection(fields: &[Field], out: &mut String) {
    for field in fields {
        out.push_str(field.name);
        if !field.inner.is_empty() {
            out.push('{');
            write_selection(field.inner, out);
            out.push('}');
        }
        out.push(' ');
    }
}

/// The JSON text of an answer as a [`Value`], read by the browser's own `JSON.parse`: serde_json's
/// parser would weigh some 9 KB of the WebAssembly. `None` when the text is not JSON.
pub fn parse(text: &str) -> Option<Value> {
    js_sys::JSON::parse(text).ok().map(|value| from_js(&value))
}

/// A parsed JavaScript value as JSON; whole numbers stay integers, as serde_json would read them.
fn from_js(value: &wasm_bindgen::JsValue) -> Value {
    use wasm_bindgen::JsCast;
    if let Some(text) = value.as_string() {
        return Value::String(text);
    }
    if let Some(flag) = value.as_bool() {
        return Value::Bool(flag);
    }
    if let Some(number) = value.as_f64() {
        const EXACT: f64 = 9_007_199_254_740_992.0;
        return if number.fract() == 0.0 && number.abs() < EXACT {
            Value::from(number as i64)
        } else {
            serde_json::Number::from_f64(number).map_or(Value::Null, Value::Number)
        };
    }
    if js_sys::Array::is_array(value) {
        return Value::Array(js_sys::Array::from(value).iter().map(|item| from_js(&item)).collect());
    }
    if value.is_object() {
        let mut map = serde_json::Map::new();
        for entry in js_sys::Object::entries(value.unchecked_ref()).iter() {
            let pair: js_sys::Array = entry.unchecked_into();
            if let Some(key) = pair.get(0).as_string() {
                map.insert(key, from_js(&pair.get(1)));
            }
        }
        return Value::Object(map);
    }
    Value::Null
}

/// The whole document for `head` (« query($s: ID!) », « mutation($id: ID!) ») reading into `T`.
pub fn document<T: Decode>(head: &str) -> String {
    let mut out = String::with_capacity(256);
    out.push_str(head);
    out.push('{');
    write_selection(T::SELECTION, &mut out);
    out.push('}');
    out
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
    const SELECTION: &'static [Field] = T::SELECTION;

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
    const SELECTION: &'static [Field] = T::SELECTION;

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

#[cfg(feature = "console")]
wire_enums!(shared::Bench, shared::Assignment);

/// Declares a struct read from a JSON object, each field with its wire name and, for a field that
/// takes them, its arguments: `session: Option<Session> = "session" ("(id: $s)")`. The struct's
/// selection is its fields' names with, inside each, the selection of the field's own type.
#[macro_export]
macro_rules! decoded {
    ($(#[$meta:meta])* $vis:vis struct $name:ident { $($(#[$fmeta:meta])* $fvis:vis $field:ident : $ty:ty = $wire:literal $(($args:literal))?),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        $vis struct $name { $($(#[$fmeta])* $fvis $field: $ty),* }

        impl $crate::api::json::Decode for $name {
            const SELECTION: &'static [$crate::api::json::Field] = &[$($crate::api::json::Field {
                name: concat!($wire $(, $args)?),
                inner: <$ty as $crate::api::json::Decode>::SELECTION,
            }),*];

                    fn decode(value: Option<&serde_json::Value>) -> Option<Self> {
                let object = value?.as_object()?;
                Some(Self { $($field: <$ty as $crate::api::json::Decode>::decode(object.get($wire))?),* })
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::decoded! {
        struct Place {
            name: String = "name",
        }
    }

    crate::decoded! {
        struct Visit {
            id: String = "id",
            places: Vec<Place> = "places",
            guide: Option<Place> = "guide",
        }
    }

    crate::decoded! {
        struct Answer {
            visit: Option<Visit> = "visit" ("(id: $v)"),
            again: Option<Place> = "again" (": guide @skip(if: $x)"),
        }
    }

    #[test]
    fn a_document_selects_every_field_decoded_with_its_arguments() {
        assert_eq!(
            document::<Answer>("query($v: ID!, $x: Boolean!)"),
            "query($v: ID!, $x: Boolean!){visit(id: $v){id places{name } guide{name } } again: guide @skip(if: $x){name } }"
        );
    }

    #[test]
    fn the_answer_to_a_document_reads_back_by_wire_name() {
        let data = serde_json::json!({ "visit": { "id": "7", "places": [{ "name": "Lyon" }], "guide": null } });
        let answer = Answer::decode(Some(&data));
        let expected = Answer {
            visit: Some(Visit { id: "7".into(), places: vec![Place { name: "Lyon".into() }], guide: None }),
            again: None,
        };
        assert_eq!(answer, Some(expected));
        assert_eq!(Answer::decode(Some(&serde_json::json!({ "visit": { "id": "7" } }))), None);
    }
}
