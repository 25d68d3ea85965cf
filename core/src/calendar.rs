//! The business calendar: local dates in the policy's UTC offset, working days, calendar-month
//! arithmetic with month-end clamping, and working-day deadlines.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, Weekday};

use crate::error::quote_string;
use crate::input_error::{InputError, Location};
use crate::strict::record;

/// A business calendar. Build one with [`Calendar::new`] (validated) or take the presets' own
/// through [`Policy::calendar`](crate::Policy::calendar).
///
/// ```
/// use partner_rules::{Calendar, parse_timestamp};
/// use time::macros::{date, offset};
/// use time::Weekday;
///
/// let calendar = Calendar::new(
///     offset!(+08:00),
///     vec![Weekday::Saturday, Weekday::Sunday],
///     vec![date!(2026-10-01)],
///     vec![],
/// ).unwrap();
/// assert!(!calendar.is_working_day(date!(2026-10-01)));
/// assert!(calendar.is_working_day(date!(2026-10-02)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    utc_offset: UtcOffset,
    weekend: [bool; 7],
    holidays: Vec<Date>,
    extra_workdays: Vec<Date>,
}

/// Longest stretch of consecutive non-working days a valid calendar can produce: every day of a
/// year a holiday, plus a weekend on each side. Deadlines search no further than this per
/// working day, so even a calendar that slipped past validation cannot loop for ever.
const MAX_NON_WORKING_RUN: u32 = 366 * 2 + 14;

impl Calendar {
    /// A validated calendar: at least one weekday must be a working day, and no date may be both
    /// a holiday and a make-up workday.
    pub fn new(
        utc_offset: UtcOffset,
        weekend: Vec<Weekday>,
        holidays: Vec<Date>,
        extra_workdays: Vec<Date>,
    ) -> Result<Self, InputError> {
        CalendarSpec {
            utc_offset: Some(OffsetText(utc_offset)),
            weekend: Some(weekend.into_iter().map(WeekdayName).collect()),
            holidays: Some(holidays),
            extra_workdays: Some(extra_workdays),
        }
        .apply_to(&Calendar::default())
    }

    /// The UTC offset in which local dates and outputs are expressed.
    pub fn utc_offset(&self) -> UtcOffset {
        self.utc_offset
    }

    /// The weekend days, Monday first.
    pub fn weekend(&self) -> Vec<Weekday> {
        WEEK.iter()
            .zip(self.weekend.iter())
            .filter_map(|(day, off)| off.then_some(*day))
            .collect()
    }

    /// Holidays, sorted.
    pub fn holidays(&self) -> &[Date] {
        &self.holidays
    }

    /// Make-up workdays (weekend days that are worked), sorted.
    pub fn extra_workdays(&self) -> &[Date] {
        &self.extra_workdays
    }

    /// The local date of an instant in this calendar's offset.
    ///
    /// ```
    /// use partner_rules::{parse_timestamp, Calendar};
    /// use time::macros::date;
    /// // 20:00 in New York on Nov 20 is already Nov 21 in the default +08:00 calendar.
    /// let t = parse_timestamp("2026-11-20T20:00:00-05:00").unwrap();
    /// assert_eq!(Calendar::default().local_date(t), date!(2026-11-21));
    /// ```
    pub fn local_date(&self, t: OffsetDateTime) -> Date {
        self.localize(t).date()
    }

    /// A working day is not a weekend day and not a holiday, unless it is a make-up workday.
    pub fn is_working_day(&self, date: Date) -> bool {
        if self.extra_workdays.binary_search(&date).is_ok() {
            return true;
        }
        let weekend = self
            .weekend
            .get(usize::from(date.weekday().number_days_from_monday()))
            .copied()
            .unwrap_or(false);
        !weekend && self.holidays.binary_search(&date).is_err()
    }

    /// The deadline of something answered "within `working_days` working days" of `submitted`:
    /// the end (local midnight) of the `working_days`-th working day strictly after the local
    /// date of submission.
    ///
    /// ```
    /// use partner_rules::{Policy, parse_timestamp};
    /// let calendar = Policy::default().calendar().clone();
    /// // Submitted on a Friday: Monday and Tuesday are the two working days; due at the end of Tuesday.
    /// let due = calendar.working_day_deadline(parse_timestamp("2026-11-20T18:00:00+08:00").unwrap(), 2);
    /// assert_eq!(due, parse_timestamp("2026-11-25T00:00:00+08:00").unwrap());
    /// ```
    pub fn working_day_deadline(
        &self,
        submitted: OffsetDateTime,
        working_days: u32,
    ) -> OffsetDateTime {
        let mut date = self.local_date(submitted);
        let mut counted = 0;
        let budget = working_days
            .saturating_add(1)
            .saturating_mul(MAX_NON_WORKING_RUN);
        for _ in 0..budget {
            if counted >= working_days {
                break;
            }
            date = match date.next_day() {
                Some(next) => next,
                None => return self.latest(),
            };
            if self.is_working_day(date) {
                counted += 1;
            }
        }
        match date.next_day() {
            Some(end) => self.local_midnight(end),
            None => self.latest(),
        }
    }

    /// Adds calendar months to the local date of `t` (negative months go back), keeping the
    /// local time of day and clamping the day to the target month's last day: Jan 31 + 1 month
    /// is Feb 28 (or 29). Saturates at the ends of the supported range (years ±9999).
    ///
    /// ```
    /// use partner_rules::{Policy, parse_timestamp};
    /// let calendar = Policy::default().calendar().clone();
    /// let t = parse_timestamp("2027-01-31T10:00:00+08:00").unwrap();
    /// assert_eq!(calendar.add_months(t, 1), parse_timestamp("2027-02-28T10:00:00+08:00").unwrap());
    /// assert_eq!(calendar.add_months(t, -2), parse_timestamp("2026-11-30T10:00:00+08:00").unwrap());
    /// ```
    pub fn add_months(&self, t: OffsetDateTime, months: i32) -> OffsetDateTime {
        let local = self.localize(t);
        let index = i64::from(local.year()) * 12 + i64::from(u8::from(local.month())) - 1
            + i64::from(months);
        let year = index.div_euclid(12);
        let month_number = index.rem_euclid(12) + 1;
        let (Ok(year), Ok(month_number)) = (i32::try_from(year), u8::try_from(month_number)) else {
            return self.saturate(months);
        };
        let Ok(month) = Month::try_from(month_number) else {
            return self.saturate(months);
        };
        if !(Date::MIN.year()..=Date::MAX.year()).contains(&year) {
            return self.saturate(months);
        }
        let day = local.day().min(time::util::days_in_month(month, year));
        match Date::from_calendar_date(year, month, day) {
            Ok(date) => PrimitiveDateTime::new(date, local.time()).assume_offset(self.utc_offset),
            Err(_) => self.saturate(months),
        }
    }

    /// Local midnight on the first day of the month after `t`'s local month: the next monthly
    /// reset, always after `t` (the last instant of the range if that month is beyond it).
    ///
    /// ```
    /// use partner_rules::{Policy, parse_timestamp};
    /// let calendar = Policy::default().calendar().clone();
    /// // 16:30 UTC on Dec 31 is already Jan 1 in +08:00: the next reset is Feb 1.
    /// let t = parse_timestamp("2026-12-31T16:30:00Z").unwrap();
    /// assert_eq!(calendar.next_month_start(t), parse_timestamp("2027-02-01T00:00:00+08:00").unwrap());
    /// ```
    pub fn next_month_start(&self, t: OffsetDateTime) -> OffsetDateTime {
        let local = self.localize(t);
        match local.date().replace_day(1) {
            Ok(first) => self.add_months(self.local_midnight(first), 1),
            Err(_) => self.latest(),
        }
    }

    /// `t` expressed in this calendar's offset: every output timestamp goes through here.
    ///
    /// An instant that is valid in its own offset can fall outside the supported years (±9999)
    /// in this one (`9999-12-31T23:00:00-05:00` is year 10000 in `+08:00`); it saturates to the
    /// first or last local instant, as date arithmetic does, instead of failing.
    ///
    /// ```
    /// use partner_rules::{Policy, parse_timestamp};
    /// let calendar = Policy::default().calendar().clone();
    /// let late = parse_timestamp("9999-12-31T23:00:00-05:00").unwrap();
    /// assert_eq!(calendar.localize(late), parse_timestamp("9999-12-31T23:59:59.999999999+08:00").unwrap());
    /// ```
    pub fn localize(&self, t: OffsetDateTime) -> OffsetDateTime {
        t.checked_to_offset(self.utc_offset).unwrap_or_else(|| {
            if t > self.latest() {
                self.latest()
            } else {
                self.earliest()
            }
        })
    }

    fn local_midnight(&self, date: Date) -> OffsetDateTime {
        PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_offset(self.utc_offset)
    }

    fn latest(&self) -> OffsetDateTime {
        PrimitiveDateTime::MAX.assume_offset(self.utc_offset)
    }

    fn earliest(&self) -> OffsetDateTime {
        PrimitiveDateTime::MIN.assume_offset(self.utc_offset)
    }

    fn saturate(&self, months: i32) -> OffsetDateTime {
        if months >= 0 {
            self.latest()
        } else {
            self.earliest()
        }
    }
}

/// Adds `days` × 24 h, saturating at the end of the supported range instead of overflowing.
pub(crate) fn add_days(t: OffsetDateTime, days: u32) -> OffsetDateTime {
    t.saturating_add(Duration::days(i64::from(days)))
}

impl Default for Calendar {
    /// UTC+08:00, Saturday and Sunday off, no holidays: the calendar of every preset.
    fn default() -> Self {
        let mut weekend = [false; 7];
        if let Some(slot) = weekend.get_mut(5..7) {
            slot.fill(true);
        }
        Calendar {
            utc_offset: UtcOffset::from_hms(8, 0, 0).unwrap_or(UtcOffset::UTC),
            weekend,
            holidays: Vec::new(),
            extra_workdays: Vec::new(),
        }
    }
}

const WEEK: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

/// The JSON form of a calendar; in a policy override every field is optional and replaces the
/// preset's value of that field only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "Calendar")
)]
pub struct CalendarSpec {
    /// The UTC offset of local dates and of the instants answered, such as `+08:00`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utc_offset: Option<OffsetText>,
    /// Weekday names in lowercase English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 6)))]
    pub weekend: Option<Vec<WeekdayName>>,
    /// ISO dates (`2026-10-01`).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "iso_dates")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<DateText>>"))]
    pub holidays: Option<Vec<Date>>,
    /// ISO dates of make-up workdays.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "iso_dates")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<DateText>>"))]
    pub extra_workdays: Option<Vec<Date>>,
}

record!(CalendarSpec, serialize);

impl CalendarSpec {
    /// The full JSON form of a calendar.
    pub fn of(calendar: &Calendar) -> Self {
        CalendarSpec {
            utc_offset: Some(OffsetText(calendar.utc_offset)),
            weekend: Some(calendar.weekend().into_iter().map(WeekdayName).collect()),
            holidays: Some(calendar.holidays.clone()),
            extra_workdays: Some(calendar.extra_workdays.clone()),
        }
    }

    /// Applies these fields on top of `base` and validates the result. Error locations are
    /// relative to the calendar object (`weekend`).
    pub fn apply_to(self, base: &Calendar) -> Result<Calendar, InputError> {
        let mut calendar = base.clone();
        if let Some(OffsetText(offset)) = self.utc_offset {
            calendar.utc_offset = offset;
        }
        if let Some(days) = self.weekend {
            if days.is_empty() {
                return Err(InputError::new(
                    Location::field("weekend"),
                    "expected at least one weekend day, such as `[\"saturday\", \"sunday\"]`",
                ));
            }
            let mut weekend = [false; 7];
            for WeekdayName(day) in days {
                if let Some(slot) = weekend.get_mut(usize::from(day.number_days_from_monday())) {
                    *slot = true;
                }
            }
            if weekend.iter().all(|off| *off) {
                return Err(InputError::new(
                    Location::field("weekend"),
                    "expected at least one day of the week to be a working day",
                ));
            }
            calendar.weekend = weekend;
        }
        if let Some(mut holidays) = self.holidays {
            holidays.sort_unstable();
            holidays.dedup();
            calendar.holidays = holidays;
        }
        if let Some(mut extra) = self.extra_workdays {
            extra.sort_unstable();
            extra.dedup();
            calendar.extra_workdays = extra;
        }
        if let Some((index, clash)) = calendar
            .extra_workdays
            .iter()
            .enumerate()
            .find(|(_, d)| calendar.holidays.binary_search(d).is_ok())
        {
            return Err(InputError::new(
                Location::field("extra_workdays").item(index),
                format!("the date `{}` is listed both as a holiday and as a make-up workday, expected it in one list only", DateText(*clash)),
            ));
        }
        Ok(calendar)
    }
}

/// A UTC offset written `+HH:MM` / `-HH:MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OffsetText(pub UtcOffset);

const EXPECTED_OFFSET: &str = "a UTC offset such as `+08:00` or `-05:30` (hours up to 23)";

impl Serialize for OffsetText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (h, m, _) = self.0.as_hms();
        let sign = if self.0.is_negative() { '-' } else { '+' };
        s.collect_str(&format_args!(
            "{sign}{:02}:{:02}",
            h.unsigned_abs(),
            m.unsigned_abs()
        ))
    }
}

impl<'de> Deserialize<'de> for OffsetText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TextVisitor {
            expected: EXPECTED_OFFSET,
            parse: |text| parse_offset(text).map(OffsetText),
        })
    }
}

/// Reads a value written as text in a form of its own; its expectation words the refusal of
/// anything else.
struct TextVisitor<T> {
    expected: &'static str,
    parse: fn(&str) -> Option<T>,
}

impl<T> serde::de::Visitor<'_> for TextVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.expected)
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
        (self.parse)(text).ok_or_else(|| {
            E::custom(format!(
                "expected {}, got {}",
                self.expected,
                quote_string(text)
            ))
        })
    }
}

fn parse_offset(text: &str) -> Option<UtcOffset> {
    let bytes = text.as_bytes();
    let [sign, h1, h2, b':', m1, m2] = bytes else {
        return None;
    };
    let digit = |b: &u8| {
        b.is_ascii_digit()
            .then(|| i8::try_from(b - b'0').ok())
            .flatten()
    };
    let hours = digit(h1)? * 10 + digit(h2)?;
    let minutes = digit(m1)? * 10 + digit(m2)?;
    if hours > 23 || minutes > 59 {
        return None;
    }
    let sign = match sign {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for OffsetText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "UtcOffset".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[+-]([01][0-9]|2[0-3]):[0-5][0-9]$",
            "description": "A UTC offset such as `+08:00` or `-05:30`."
        })
    }
}

/// A weekday written in lowercase English (`"saturday"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekdayName(pub Weekday);

impl Serialize for WeekdayName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(weekday_name(self.0))
    }
}

impl<'de> Deserialize<'de> for WeekdayName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TextVisitor {
            expected: "a day of the week in lowercase English, such as `saturday`",
            parse: |text| {
                WEEK.iter()
                    .find(|day| weekday_name(**day) == text)
                    .map(|day| WeekdayName(*day))
            },
        })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for WeekdayName {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Weekday".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = WEEK.iter().map(|day| weekday_name(*day)).collect();
        schemars::json_schema!({ "type": "string", "enum": names })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for DateText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "IsoDate".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "description": "A date written YYYY-MM-DD, such as `2026-10-01`."
        })
    }
}

fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "monday",
        Weekday::Tuesday => "tuesday",
        Weekday::Wednesday => "wednesday",
        Weekday::Thursday => "thursday",
        Weekday::Friday => "friday",
        Weekday::Saturday => "saturday",
        Weekday::Sunday => "sunday",
    }
}

/// A calendar date written `YYYY-MM-DD` (`2026-10-01`), as in ISO 8601 and RFC 3339. Written by
/// hand rather than through the `time` crate's serde, whose general format-description machinery
/// was a tenth of the WebAssembly module for these two lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DateText(Date);

const EXPECTED_DATE: &str = "a date written YYYY-MM-DD, such as `2026-10-01`";

impl std::fmt::Display for DateText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (year, month, day) = self.0.to_calendar_date();
        // A year before 1 BC carries its sign, as in ISO 8601's expanded form.
        let sign = if year < 0 { "-" } else { "" };
        write!(
            f,
            "{sign}{:04}-{:02}-{:02}",
            year.unsigned_abs(),
            u8::from(month),
            day
        )
    }
}

impl Serialize for DateText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(DateVisitor)
    }
}

struct DateVisitor;

impl serde::de::Visitor<'_> for DateVisitor {
    type Value = DateText;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(EXPECTED_DATE)
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<DateText, E> {
        parse_date(text).map(DateText).map_err(E::custom)
    }
}

/// Parses `YYYY-MM-DD`, with an optional sign before the four-digit year (`-0044-03-15`).
fn parse_date(text: &str) -> Result<Date, String> {
    let malformed = || format!("expected {EXPECTED_DATE}, got {}", quote_string(text));
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = unsigned.as_bytes() else {
        return Err(malformed());
    };
    let number = |digits: &[&u8]| {
        digits.iter().try_fold(0_u16, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u16::from(**d - b'0'))
        })
    };
    let (Some(year), Some(month), Some(day)) = (
        number(&[y1, y2, y3, y4]),
        number(&[m1, m2]),
        number(&[d1, d2]),
    ) else {
        return Err(malformed());
    };
    let year = if text.starts_with('-') {
        -i32::from(year)
    } else {
        i32::from(year)
    };
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok());
    let day = u8::try_from(day).ok();
    month
        .zip(day)
        .and_then(|(month, day)| Date::from_calendar_date(year, month, day).ok())
        .ok_or_else(|| {
            format!(
                "expected {EXPECTED_DATE}, got {}, a day that does not exist",
                quote_string(text)
            )
        })
}

/// `#[serde(with = "iso_dates")]` for an optional list of dates written `YYYY-MM-DD`.
mod iso_dates {
    use super::DateText;
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    pub(super) fn serialize<S: Serializer>(
        dates: &Option<Vec<Date>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match dates {
            Some(dates) => s.collect_seq(dates.iter().copied().map(DateText)),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Vec<Date>>, D::Error> {
        let dates = Option::<Vec<DateText>>::deserialize(d)?;
        Ok(dates.map(|dates| dates.into_iter().map(|DateText(date)| date).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_timestamp;
    use time::macros::{date, datetime, offset};

    fn ts(text: &str) -> OffsetDateTime {
        parse_timestamp(text).unwrap()
    }

    #[test]
    fn month_end_clamps_in_leap_years() {
        let c = Calendar::default();
        assert_eq!(
            c.add_months(ts("2028-01-31T08:00:00+08:00"), 1),
            ts("2028-02-29T08:00:00+08:00")
        );
        assert_eq!(
            c.add_months(ts("2027-03-31T08:00:00+08:00"), -1),
            ts("2027-02-28T08:00:00+08:00")
        );
        assert_eq!(
            c.add_months(ts("2026-11-30T08:00:00+08:00"), 3),
            ts("2027-02-28T08:00:00+08:00")
        );
    }

    #[test]
    fn months_are_added_to_the_local_date() {
        // 2026-01-31T20:00Z is already Feb 1 in +08:00, so one month later is Mar 1 local.
        let c = Calendar::default();
        assert_eq!(
            c.add_months(ts("2026-01-31T20:00:00Z"), 1),
            ts("2026-03-01T04:00:00+08:00")
        );
    }

    #[test]
    fn month_addition_saturates() {
        let c = Calendar::default();
        let late = datetime!(9999-12-01 00:00 +08:00);
        assert_eq!(
            c.add_months(late, 1),
            PrimitiveDateTime::MAX.assume_offset(offset!(+08:00))
        );
        assert_eq!(c.add_months(late, i32::MIN).year(), Date::MIN.year());
    }

    #[test]
    fn deadlines_skip_weekends_and_holidays_and_use_makeup_days() {
        let spec = CalendarSpec {
            holidays: Some(vec![date!(2026 - 10 - 01), date!(2026 - 10 - 02)]),
            extra_workdays: Some(vec![date!(2026 - 10 - 10)]),
            ..CalendarSpec::default()
        };
        let c = spec.apply_to(&Calendar::default()).unwrap();
        // Wednesday Sep 30: Oct 1-2 holidays, Oct 3-4 weekend; Oct 5 and 6 are the two days.
        assert_eq!(
            c.working_day_deadline(ts("2026-09-30T09:00:00+08:00"), 2),
            ts("2026-10-07T00:00:00+08:00")
        );
        // Friday Oct 9: Saturday Oct 10 is a make-up workday.
        assert_eq!(
            c.working_day_deadline(ts("2026-10-09T09:00:00+08:00"), 1),
            ts("2026-10-11T00:00:00+08:00")
        );
    }

    #[test]
    fn deadline_uses_the_local_date_of_submission() {
        let c = Calendar::default();
        // Friday 23:30 UTC is Saturday 07:30 in +08:00: Monday and Tuesday count.
        assert_eq!(
            c.working_day_deadline(ts("2026-11-20T23:30:00Z"), 2),
            ts("2026-11-25T00:00:00+08:00")
        );
    }

    #[test]
    fn calendars_reject_contradictions() {
        let err = CalendarSpec {
            weekend: Some(vec![]),
            ..CalendarSpec::default()
        }
        .apply_to(&Calendar::default())
        .unwrap_err();
        assert_eq!(err.location().to_string(), "weekend");
        let all = WEEK.iter().copied().map(WeekdayName).collect();
        let err = CalendarSpec {
            weekend: Some(all),
            ..CalendarSpec::default()
        }
        .apply_to(&Calendar::default())
        .unwrap_err();
        assert_eq!(err.location().to_string(), "weekend");
        let err = CalendarSpec {
            holidays: Some(vec![date!(2026 - 10 - 10)]),
            extra_workdays: Some(vec![date!(2026 - 10 - 10)]),
            ..CalendarSpec::default()
        }
        .apply_to(&Calendar::default())
        .unwrap_err();
        assert_eq!(err.location().to_string(), "extra_workdays[0]");
    }

    #[test]
    fn offsets_parse_and_print() {
        assert_eq!(parse_offset("+08:00"), Some(offset!(+08:00)));
        assert_eq!(parse_offset("-05:30"), Some(offset!(-05:30)));
        assert_eq!(parse_offset("+24:00"), None);
        assert_eq!(parse_offset("08:00"), None);
        let text = serde_json::to_string(&OffsetText(offset!(-05:30))).unwrap();
        assert_eq!(text, "\"-05:30\"");
    }

    #[test]
    fn dates_parse_and_print() {
        assert_eq!(parse_date("2026-10-01"), Ok(date!(2026 - 10 - 01)));
        assert_eq!(parse_date("+2026-10-01"), Ok(date!(2026 - 10 - 01)));
        assert_eq!(parse_date("-0044-03-15"), Ok(date!(-0044 - 03 - 15)));
        assert_eq!(DateText(date!(-0044 - 03 - 15)).to_string(), "-0044-03-15");
        assert_eq!(DateText(date!(0001 - 01 - 01)).to_string(), "0001-01-01");
        for (text, wanted) in [
            ("2026-1-01", "expected a date written YYYY-MM-DD"),
            (
                "2026-10-01T00:00:00+08:00",
                "expected a date written YYYY-MM-DD",
            ),
            ("20261001", "expected a date written YYYY-MM-DD"),
            ("2026-1a-01", "expected a date written YYYY-MM-DD"),
            ("２０２６-10-01", "expected a date written YYYY-MM-DD"),
            ("", "expected a date written YYYY-MM-DD"),
            ("2026-10-32", "a day that does not exist"),
            ("2026-02-29", "a day that does not exist"),
            ("2026-13-01", "a day that does not exist"),
            ("2026-00-10", "a day that does not exist"),
        ] {
            let message = parse_date(text).unwrap_err();
            assert!(message.contains(wanted), "{text}: {message}");
        }
    }

    /// The same text in and out as the `time` crate's own `[year]-[month]-[day]`, which the
    /// JSON contract used before these were written by hand.
    #[test]
    fn dates_match_the_time_crate_format() {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let mut day = date!(-0002 - 01 - 01);
        while day <= date!(2030 - 12 - 31) {
            let text = day.format(&format).unwrap();
            assert_eq!(DateText(day).to_string(), text);
            assert_eq!(parse_date(&text), Ok(day));
            day = day.next_day().unwrap();
        }
        for edge in [Date::MIN, Date::MAX] {
            let text = edge.format(&format).unwrap();
            assert_eq!(DateText(edge).to_string(), text);
            assert_eq!(parse_date(&text), Ok(edge));
        }
        assert_eq!(
            Date::parse("+2026-10-01", &format).ok(),
            parse_date("+2026-10-01").ok()
        );
        for text in [
            "2026-10-1",
            "2026-10-001",
            "02026-10-01",
            " 2026-10-01",
            "2026/10/01",
        ] {
            assert!(Date::parse(text, &format).is_err(), "{text}");
            assert!(parse_date(text).is_err(), "{text}");
        }
    }

    #[test]
    fn date_lists_in_json() {
        let spec: CalendarSpec =
            serde_json::from_str(r#"{"holidays": ["2026-10-01"], "extra_workdays": null}"#)
                .unwrap();
        assert_eq!(spec.holidays, Some(vec![date!(2026 - 10 - 01)]));
        assert_eq!(spec.extra_workdays, None);
        assert_eq!(
            serde_json::to_string(&spec).unwrap(),
            r#"{"holidays":["2026-10-01"]}"#
        );
        for bad in [
            r#"{"holidays": [20261001]}"#,
            r#"{"holidays": "2026-10-01"}"#,
        ] {
            let err = serde_json::from_str::<CalendarSpec>(bad).unwrap_err();
            assert!(err.to_string().contains("expected"), "{bad}: {err}");
        }
        let err = serde_json::from_str::<CalendarSpec>(r#"{"holidays": [20261001]}"#).unwrap_err();
        assert!(err.to_string().contains(EXPECTED_DATE), "{err}");
    }
}
