//! Input the rules cannot decide on, as the typed API reports it: which value (a location made
//! of the contract's field names and item indices) and what is wrong with it.
//!
//! The domain knows nothing of JSON: the JSON layer turns a location into a path
//! (`customer.current_model` → `$.customer.current_model`) when it answers a request.

use std::fmt;

/// One step of a [`Location`]: a field of an object, or an item of a list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    /// A field, by its name in the contract (`customer`, `current_model`).
    Field(&'static str),
    /// An item of a list, from 0.
    Item(usize),
}

/// Where a value is, from the root of what was given (a request, or a policy).
///
/// ```
/// use partner_rules::{Location, Step};
/// let at = Location::field("assignments").item(2).then("to");
/// assert_eq!(at.steps(), [Step::Field("assignments"), Step::Item(2), Step::Field("to")]);
/// assert_eq!(at.to_string(), "assignments[2].to");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Location(Vec<Step>);

impl Location {
    /// The root itself.
    pub fn root() -> Location {
        Location(Vec::new())
    }

    /// A field of the root.
    pub fn field(name: &'static str) -> Location {
        Location(vec![Step::Field(name)])
    }

    /// A field of this value.
    #[must_use]
    pub fn then(mut self, name: &'static str) -> Location {
        self.0.push(Step::Field(name));
        self
    }

    /// An item of this list.
    #[must_use]
    pub fn item(mut self, index: usize) -> Location {
        self.0.push(Step::Item(index));
        self
    }

    /// The steps from the root.
    pub fn steps(&self) -> &[Step] {
        &self.0
    }

    /// This location under `parent`: `weekend` under `calendar` is `calendar.weekend`.
    #[must_use]
    pub fn under(self, parent: &Location) -> Location {
        let mut steps = parent.0.clone();
        steps.extend(self.0);
        Location(steps)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Field(name) if i == 0 => f.write_str(name)?,
                Step::Field(name) => write!(f, ".{name}")?,
                Step::Item(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// Input a rule cannot decide on: a typed caller's mistake, or a request's that the JSON layer
/// reports as `invalid_input` at the location's path.
///
/// ```
/// use partner_rules::{association, parse_timestamp, Customer, Location, Partner, Policy};
/// use partner_rules::facts::Model;
///
/// let now = parse_timestamp("2026-11-21T10:00:00+08:00").unwrap();
/// // A switch moves an associated customer: without a current model there is nothing to switch.
/// let err = association::switch(&Policy::default(), &Partner::new("p-1"), &Customer::default(),
///                               Model::Reseller, &[], now).unwrap_err();
/// assert_eq!(err.location(), &Location::field("customer").then("current_model"));
/// assert!(err.message().starts_with("missing field `current_model`"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct InputError {
    location: Location,
    message: String,
}

impl InputError {
    /// An error about the value at `location`.
    pub fn new(location: Location, message: impl Into<String>) -> InputError {
        InputError {
            location,
            message: message.into(),
        }
    }

    /// Where the offending value is.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// What is wrong and what was expected, for a person.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The same error with its location under `parent`.
    #[must_use]
    pub fn under(mut self, parent: &Location) -> InputError {
        self.location = self.location.under(parent);
        self
    }
}

/// Writes a whole number with thousands separators (`4,294,967,295`), as messages quote ranges.
pub(crate) fn grouped(number: impl Into<i128>) -> String {
    let number: i128 = number.into();
    let digits = number.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if number < 0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(u32::MAX), "4,294,967,295");
        assert_eq!(grouped(i64::MIN), "-9,223,372,036,854,775,808");
    }

    #[test]
    fn locations_read_like_the_contract() {
        let at = Location::field("calendar").then("holidays").item(0);
        assert_eq!(at.to_string(), "calendar.holidays[0]");
        let inner = Location::field("weekend").under(&Location::field("calendar"));
        assert_eq!(inner, Location::field("calendar").then("weekend"));
    }
}
