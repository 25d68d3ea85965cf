//! The ops a table answers: for each, the request fields it reads (from columns or keyword
//! arguments), the typed rule it runs per row (the very call the JSON contract makes for that
//! op) and the columns its answer is flattened into.

use std::borrow::Cow;

use partner_rules::association;
use partner_rules::facts::{Initiator, InvitationMethod, Model};
use partner_rules::{
    disassociation, invitation, preregistration, Cause, Customer, Engine, Error, HistoryEntry,
    InputError, Invitation, Partner, Policy, Reason,
};
use serde::de::DeserializeOwned;
use time::OffsetDateTime;

use super::read::{Instants as InstantColumn, Kind, Node, Object, Objects, ReadError, Tree};
use super::write::{Columns, Errors, Flags, Instants, Numbers, Reasons, Style, Texts};

/// The ops `evaluate_table` answers, in the order of the contract.
pub(crate) const TABLE_OPS: &[&str] = &[
    "preregistration.check",
    "invitation.send",
    "association.check",
    "association.models",
    "failure_cause.lookup",
    "association_type.switch",
    "disassociation.check",
];

/// An op's table evaluation.
pub(crate) type OpFn = fn(&Ctx<'_>, &mut Input<'_>, &mut Rows) -> Result<Columns, Error>;

pub(crate) fn op(name: &str) -> Option<OpFn> {
    Some(match name {
        "preregistration.check" => preregistration_check,
        "invitation.send" => invitation_send,
        "association.check" => association_check,
        "association.models" => association_models,
        "failure_cause.lookup" => failure_cause_lookup,
        "association_type.switch" => association_type_switch,
        "disassociation.check" => disassociation_check,
        _ => return None,
    })
}

/// What every row is evaluated under.
pub(crate) struct Ctx<'a> {
    pub(crate) engine: &'a Engine,
    pub(crate) style: &'a Style,
}

impl Ctx<'_> {
    /// The policy in force at a row's `now` (an engine holds a timeline of policies).
    fn policy(&self, row: usize, now: OffsetDateTime) -> Result<&Policy, Error> {
        self.engine
            .policies()
            .policy_at(Some(now))
            .map_err(|err| input_error(row, &err))
    }
}

/// `$[row 12].customer.registered_at`: where in a table a cell is (rows counted from 0 over
/// the whole table or stream).
pub(crate) fn cell_path(row: usize, field: &str, below: &str) -> String {
    format!("$[row {row}].{field}{below}")
}

/// `$[*].customer.registered_at`: a column, or a keyword argument, for every row.
pub(crate) fn column_path(field: &str, below: &str) -> String {
    format!("$[*].{field}{below}")
}

/// An error of the rules for one row (a path inside its request, `$.customer.current_model`),
/// put under the row.
fn under_row(row: usize, err: &Error) -> Error {
    Error::invalid_input(format!("$[row {row}]{}", below_root(err)), err.message())
}

/// An error's path without its root: `.customer.current_model` of `$.customer.current_model`.
fn below_root(err: &Error) -> &str {
    err.path().strip_prefix('$').unwrap_or(err.path())
}

/// A rule's input error for one row, at its location under the row.
fn input_error(row: usize, err: &InputError) -> Error {
    let location = err.location().to_string();
    let path = if location.is_empty() {
        format!("$[row {row}]")
    } else {
        format!("$[row {row}].{location}")
    };
    Error::invalid_input(path, err.message())
}

/// The request fields of a batch: its columns, and the keyword arguments given once for every
/// row (as JSON text).
pub(crate) struct Input<'a> {
    tree: &'a Tree,
    constants: &'a [(String, String)],
    /// The table row of the batch's first row.
    offset: usize,
    claimed: Vec<&'static str>,
    op: &'static str,
}

impl<'a> Input<'a> {
    pub(crate) fn new(
        tree: &'a Tree,
        constants: &'a [(String, String)],
        offset: usize,
        op: &'static str,
    ) -> Input<'a> {
        Input {
            tree,
            constants,
            offset,
            claimed: Vec::new(),
            op,
        }
    }

    fn constant(&self, name: &str) -> Option<&'a str> {
        self.constants
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, text)| text.as_str())
    }

    /// The column node or the constant text of field `name`, claimed (each is read once).
    fn source(&mut self, name: &'static str) -> Result<(Option<&'a Node>, Option<&'a str>), Error> {
        self.claimed.push(name);
        let node = self.tree.get(name);
        let constant = self.constant(name);
        if node.is_some() && constant.is_some() {
            return Err(Error::invalid_input(
                column_path(name, ""),
                format!("`{name}` is given both as a column and as a keyword argument"),
            ));
        }
        Ok((node, constant))
    }

    /// Field `name` of type `T`; when neither a column nor a keyword argument gives it,
    /// `absent` (the field's default), or an error if it has none.
    fn field<T: DeserializeOwned + Clone>(
        &mut self,
        name: &'static str,
        absent: Option<T>,
    ) -> Result<Field<'a, T>, Error> {
        self.field_read(name, absent, constant::<T>)
    }

    /// A fact (`partner`, `customer`): a field of a struct type, which a keyword argument
    /// gives as an object only (a struct column or dotted columns are objects already, and
    /// rows read straight into the fact: no wrapper to move it through).
    fn fact<T: DeserializeOwned + Clone + PartialEq>(
        &mut self,
        name: &'static str,
        absent: Option<T>,
    ) -> Result<Field<'a, T>, Error> {
        let field = self.field_read(name, absent, |name, text| {
            constant::<Object<T>>(name, text).map(|object| object.0)
        })?;
        if let Source::Rows(node) = &field.source {
            node.learn_omissions::<T>(self.tree.rows);
        }
        Ok(field)
    }

    fn field_read<T: DeserializeOwned + Clone>(
        &mut self,
        name: &'static str,
        absent: Option<T>,
        read_constant: impl FnOnce(&str, &str) -> Result<T, Error>,
    ) -> Result<Field<'a, T>, Error> {
        let source = match self.source(name)? {
            (Some(node), _) => {
                probe::<T>(name, node)?;
                Source::Rows(node)
            }
            (None, Some(text)) => Source::Const(read_constant(name, text)?),
            (None, None) => match absent {
                Some(value) => Source::Const(value),
                None => return Err(missing(name, self.op)),
            },
        };
        Ok(Field {
            name,
            offset: self.offset,
            source,
        })
    }

    /// `now`: a timestamp column (read directly), RFC 3339 text, or a keyword argument.
    fn now(&mut self) -> Result<Now<'a>, Error> {
        let offset = self.offset;
        Ok(match self.source("now")? {
            (Some(node), _) => {
                if let Some(instants) = node.instants() {
                    Now::Instants(instants, offset)
                } else if let Some(texts) = node.strings() {
                    Now::Texts(texts, offset)
                } else if node.is_null_column() {
                    Now::Nulls(offset)
                } else {
                    return Err(Error::invalid_input(
                        column_path("now", ""),
                        "expected a timestamp column with a time zone, or RFC 3339 text",
                    ));
                }
            }
            (None, Some(text)) => {
                let text: String = constant("now", text)?;
                Now::Const(
                    partner_rules::parse_timestamp(&text).map_err(|err| {
                        Error::invalid_input(column_path("now", ""), err.message())
                    })?,
                )
            }
            (None, None) => return Err(missing("now", self.op)),
        })
    }

    /// Every column and keyword argument must be a field of the op: a misspelled column is an
    /// error, never a field silently left at its default.
    fn finish(&self) -> Result<(), Error> {
        let unknown = self
            .tree
            .fields
            .iter()
            .map(|node| node.name.as_str())
            .chain(self.constants.iter().map(|(name, _)| name.as_str()))
            .find(|name| !self.claimed.contains(name));
        match unknown {
            None => Ok(()),
            Some(name) => Err(Error::invalid_input(
                column_path(name, ""),
                format!(
                    "unknown field `{name}`: `{}` reads {}",
                    self.op,
                    self.claimed
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }
}

fn missing(name: &str, op: &str) -> Error {
    Error::invalid_input(
        column_path(name, ""),
        format!("missing field `{name}`: `{op}` needs a column or a keyword argument `{name}`"),
    )
}

/// Reads the field's columns once in probe mode (see `read`): a column of the wrong type, an
/// unknown column or a missing required one is an error about the column, raised before any
/// row whatever `errors` says.
fn probe<T: DeserializeOwned>(name: &str, node: &Node) -> Result<(), Error> {
    match T::deserialize(node.probe()) {
        Ok(_) => Ok(()),
        Err(err) => match err.kind {
            Kind::Type | Kind::UnknownField => Err(Error::invalid_input(
                column_path(name, &err.path()),
                err.message,
            )),
            Kind::MissingField => Err(Error::invalid_input(
                column_path(name, &err.path()),
                format!("{}: no column gives it", err.message),
            )),
            // The probe's stand-in values, not the column, were refused; rows will tell.
            Kind::Null | Kind::Value => Ok(()),
        },
    }
}

/// A keyword argument's value, read as the field's type from its JSON text, by the core's own
/// reading: the checks and the messages of a request's field.
fn constant<T: DeserializeOwned>(name: &str, text: &str) -> Result<T, Error> {
    partner_rules::read_json(text).map_err(|err| {
        Error::invalid_input(
            column_path(name, below_root(&err)),
            format!("keyword argument `{name}`: {}", err.message()),
        )
    })
}

enum Source<'a, T> {
    Const(T),
    Rows(&'a Node),
}

/// One request field for every row of a batch.
struct Field<'a, T> {
    name: &'static str,
    offset: usize,
    source: Source<'a, T>,
}

impl<'a, T: DeserializeOwned + Clone> Field<'a, T> {
    /// Inlined into each op's row loop, so that a row's fact is built where it is used rather
    /// than copied out through `Result` and `Cow` (a customer is 176 bytes).
    #[inline(always)]
    fn get(&self, row: usize) -> Result<Cow<'_, T>, Error> {
        match &self.source {
            Source::Const(value) => Ok(Cow::Borrowed(value)),
            Source::Rows(node) => T::deserialize(node.cell(row))
                .map(Cow::Owned)
                .map_err(|err| self.cell_error(row, &err)),
        }
    }

    fn cell_error(&self, row: usize, err: &ReadError) -> Error {
        Error::invalid_input(
            cell_path(self.offset + row, self.name, &err.path()),
            err.message.clone(),
        )
    }
}

enum Now<'a> {
    Const(OffsetDateTime),
    Instants(&'a InstantColumn, usize),
    Texts(&'a arrow_array::StringArray, usize),
    Nulls(usize),
}

impl Now<'_> {
    fn get(&self, row: usize) -> Result<OffsetDateTime, Error> {
        use arrow_array::Array;
        let null = |offset: usize| {
            Error::invalid_input(
                cell_path(offset + row, "now", ""),
                "invalid type: null, expected an RFC 3339 timestamp with a UTC offset",
            )
        };
        match self {
            Now::Const(now) => Ok(*now),
            Now::Instants(column, offset) => match column.get(row) {
                Ok(Some(now)) => Ok(now),
                Ok(None) => Err(null(*offset)),
                Err(err) => Err(Error::invalid_input(
                    cell_path(offset + row, "now", ""),
                    err.message,
                )),
            },
            Now::Texts(texts, offset) => {
                if texts.is_null(row) {
                    return Err(null(*offset));
                }
                partner_rules::parse_timestamp(texts.value(row)).map_err(|err| {
                    Error::invalid_input(cell_path(offset + row, "now", ""), err.message())
                })
            }
            Now::Nulls(offset) => Err(null(*offset)),
        }
    }
}

/// The rows of a batch, and the `error` column when errors go there instead of raising.
pub(crate) struct Rows {
    pub(crate) count: usize,
    pub(crate) errors: Option<Errors>,
}

impl Rows {
    /// Runs `answer` for every row and hands each result to `write` (`None` for a row that
    /// failed, when failures go to the `error` column; otherwise the first failure returns).
    fn each<A>(
        &mut self,
        mut answer: impl FnMut(usize) -> Result<A, Error>,
        mut write: impl FnMut(Option<&A>),
    ) -> Result<(), Error> {
        for row in 0..self.count {
            match (answer(row), &mut self.errors) {
                (Ok(answer), errors) => {
                    write(Some(&answer));
                    if let Some(errors) = errors {
                        errors.push(None);
                    }
                }
                (Err(err), Some(errors)) => {
                    write(None);
                    errors.push(Some(&err));
                }
                (Err(err), None) => return Err(err),
            }
        }
        Ok(())
    }
}

/// Partner, customer and `now`: the facts most ops read.
struct Parties<'a> {
    now: Now<'a>,
    partner: Field<'a, Partner>,
    customer: Field<'a, Customer>,
}

impl<'a> Parties<'a> {
    fn read(input: &mut Input<'a>) -> Result<Parties<'a>, Error> {
        Ok(Parties {
            now: input.now()?,
            partner: input.fact("partner", None)?,
            customer: input.fact("customer", Some(Customer::default()))?,
        })
    }
}

/// The outcome and reasons of a decision.
struct Verdicts {
    outcome: Texts,
    reasons: Reasons,
}

impl Verdicts {
    fn new(style: &Style, rows: usize) -> Verdicts {
        Verdicts {
            outcome: Texts::new(rows),
            reasons: Reasons::new(style, rows),
        }
    }

    fn push(&mut self, outcome: &'static str, reasons: &[Reason]) {
        self.outcome.push(Some(outcome));
        self.reasons.push(reasons);
    }

    fn push_null(&mut self) {
        self.outcome.push(None);
        self.reasons.push_null();
    }

    fn finish(self, prefix: &str, out: &mut Columns) {
        self.outcome.finish(&format!("{prefix}outcome"), out);
        self.reasons.finish(prefix, out);
    }
}

fn preregistration_check(
    ctx: &Ctx<'_>,
    input: &mut Input<'_>,
    rows: &mut Rows,
) -> Result<Columns, Error> {
    let facts = Parties::read(input)?;
    input.finish()?;
    let mut verdicts = Verdicts::new(ctx.style, rows.count);
    let mut expires_at = Instants::new(ctx.style, rows.count);
    let mut review_due_by = Instants::new(ctx.style, rows.count);
    rows.each(
        |row| {
            let partner = facts.partner.get(row)?;
            let customer = facts.customer.get(row)?;
            // `now` last: the JSON contract, too, finds a missing `now` after the rest.
            let now = facts.now.get(row)?;
            let decision = preregistration::check(
                ctx.policy(input.offset + row, now)?,
                &partner,
                &customer,
                now,
            );
            let instants = Reasons::check(&decision.reasons)
                .and(Instants::of(decision.expires_at))
                .and_then(|e| Ok((e, Instants::of(decision.review_due_by)?)))
                .map_err(|e| under_row(input.offset + row, &e))?;
            Ok((decision, instants))
        },
        |decision| match decision {
            Some((d, (expires, due))) => {
                verdicts.push(d.outcome.name(), &d.reasons);
                expires_at.push(*expires);
                review_due_by.push(*due);
            }
            None => {
                verdicts.push_null();
                expires_at.push(None);
                review_due_by.push(None);
            }
        },
    )?;
    let mut out = Columns::default();
    verdicts.finish("", &mut out);
    expires_at.finish("expires_at", &mut out);
    review_due_by.finish("review_due_by", &mut out);
    Ok(out)
}

fn invitation_send(
    ctx: &Ctx<'_>,
    input: &mut Input<'_>,
    rows: &mut Rows,
) -> Result<Columns, Error> {
    let facts = Parties::read(input)?;
    let method = input.field::<InvitationMethod>("method", None)?;
    let operator = input.field::<Option<String>>("operator_account_name", Some(None))?;
    input.finish()?;
    let mut verdicts = Verdicts::new(ctx.style, rows.count);
    let mut expires_at = Instants::new(ctx.style, rows.count);
    let mut custom_tag = Texts::new(rows.count);
    rows.each(
        |row| {
            let partner = facts.partner.get(row)?;
            let customer = facts.customer.get(row)?;
            let method = method.get(row)?;
            let operator = operator.get(row)?;
            // `now` last: the JSON contract, too, finds a missing `now` after the rest.
            let now = facts.now.get(row)?;
            let decision = invitation::send(
                ctx.policy(input.offset + row, now)?,
                &partner,
                &customer,
                *method,
                operator.as_deref(),
                now,
            );
            let expires = Reasons::check(&decision.reasons)
                .and(Instants::of(decision.expires_at))
                .map_err(|e| under_row(input.offset + row, &e))?;
            Ok((decision, expires))
        },
        |decision| match decision {
            Some((d, expires)) => {
                verdicts.push(d.outcome.name(), &d.reasons);
                expires_at.push(*expires);
                custom_tag.push(d.custom_tag.as_deref());
            }
            None => {
                verdicts.push_null();
                expires_at.push(None);
                custom_tag.push(None);
            }
        },
    )?;
    let mut out = Columns::default();
    verdicts.finish("", &mut out);
    expires_at.finish("expires_at", &mut out);
    custom_tag.finish("custom_tag", &mut out);
    Ok(out)
}

fn association_check(
    ctx: &Ctx<'_>,
    input: &mut Input<'_>,
    rows: &mut Rows,
) -> Result<Columns, Error> {
    let facts = Parties::read(input)?;
    let model = input.field::<Model>("model", None)?;
    let invitation = input.field::<Option<Object<Invitation>>>("invitation", Some(None))?;
    input.finish()?;
    let mut verdicts = Verdicts::new(ctx.style, rows.count);
    let mut primary = Texts::new(rows.count);
    let mut frozen_after = Flags::new(rows.count);
    rows.each(
        |row| {
            let partner = facts.partner.get(row)?;
            let customer = facts.customer.get(row)?;
            let model = model.get(row)?;
            let invitation = invitation.get(row)?;
            // `now` last: the JSON contract, too, finds a missing `now` after the rest.
            let now = facts.now.get(row)?;
            let decision = association::check(
                ctx.policy(input.offset + row, now)?,
                &partner,
                &customer,
                *model,
                invitation.as_ref().as_ref().map(|i| &i.0),
                now,
            );
            Reasons::check(&decision.reasons).map_err(|e| under_row(input.offset + row, &e))?;
            Ok(decision)
        },
        |decision| match decision {
            Some(d) => {
                verdicts.push(d.outcome.name(), &d.reasons);
                primary.push(d.primary.map(Cause::code));
                frozen_after.push(d.frozen_after);
            }
            None => {
                verdicts.push_null();
                primary.push(None);
                frozen_after.push(None);
            }
        },
    )?;
    let mut out = Columns::default();
    verdicts.finish("", &mut out);
    primary.finish("primary", &mut out);
    frozen_after.finish("frozen_after", &mut out);
    Ok(out)
}

fn association_models(
    ctx: &Ctx<'_>,
    input: &mut Input<'_>,
    rows: &mut Rows,
) -> Result<Columns, Error> {
    let facts = Parties::read(input)?;
    let invitation = input.field::<Option<Object<Invitation>>>("invitation", Some(None))?;
    input.finish()?;
    let mut reseller = Verdicts::new(ctx.style, rows.count);
    let mut referral = Verdicts::new(ctx.style, rows.count);
    let mut recommended = Texts::new(rows.count);
    rows.each(
        |row| {
            let partner = facts.partner.get(row)?;
            let customer = facts.customer.get(row)?;
            let invitation = invitation.get(row)?;
            // `now` last: the JSON contract, too, finds a missing `now` after the rest.
            let now = facts.now.get(row)?;
            let models = association::models(
                ctx.policy(input.offset + row, now)?,
                &partner,
                &customer,
                invitation.as_ref().as_ref().map(|i| &i.0),
                now,
            );
            Reasons::check(&models.reseller.reasons)
                .and(Reasons::check(&models.referral.reasons))
                .map_err(|e| under_row(input.offset + row, &e))?;
            Ok(models)
        },
        |models| match models {
            Some(m) => {
                reseller.push(m.reseller.outcome.name(), &m.reseller.reasons);
                referral.push(m.referral.outcome.name(), &m.referral.reasons);
                recommended.push(m.recommended.map(Model::name));
            }
            None => {
                reseller.push_null();
                referral.push_null();
                recommended.push(None);
            }
        },
    )?;
    let mut out = Columns::default();
    reseller.finish("reseller_", &mut out);
    referral.finish("referral_", &mut out);
    recommended.finish("recommended", &mut out);
    Ok(out)
}

fn failure_cause_lookup(
    ctx: &Ctx<'_>,
    input: &mut Input<'_>,
    rows: &mut Rows,
) -> Result<Columns, Error> {
    let code = input.field::<Option<String>>("code", Some(None))?;
    let message = input.field::<Option<String>>("message", Some(None))?;
    input.finish()?;
    let mut cause = Texts::new(rows.count);
    let mut number = Numbers::new(rows.count);
    let mut operation = Texts::new(rows.count);
    let lang = ctx.style.messages;
    let mut explanation = Texts::new(rows.count);
    let mut platform_message = Texts::new(rows.count);
    rows.each(
        |row| {
            let code = code.get(row)?;
            let message = message.get(row)?;
            // As the JSON contract's `failure_cause.lookup` decides it.
            match (code.as_ref(), message.as_ref()) {
                (Some(code), None) => Ok(Cause::from_code(code)),
                (None, Some(message)) => Ok(Cause::from_message(message)),
                (code, _) => {
                    let given = if code.is_some() { "both" } else { "neither" };
                    Err(Error::invalid_input(
                        format!("$[row {}]", input.offset + row),
                        format!(
                            "expected exactly one of `code` (a cause code such as \
                             `invitation_link_expired`) and `message` (a message text), got \
                             {given}"
                        ),
                    ))
                }
            }
        },
        |found| {
            let found = found.copied().flatten();
            cause.push(found.map(Cause::code));
            number.push(found.map(Cause::number));
            operation.push(found.map(|c| c.suggested_operation().code()));
            if let Some(lang) = lang {
                explanation.push(found.map(|c| lang.pick(c.message())));
                platform_message.push(found.and_then(|c| match lang {
                    super::write::Lang::En => Some(c.platform_message_en()),
                    super::write::Lang::Zh => c.platform_message_zh(),
                }));
            }
        },
    )?;
    let mut out = Columns::default();
    cause.finish("cause", &mut out);
    number.finish("number", &mut out);
    operation.finish("suggested_operation", &mut out);
    if lang.is_some() {
        explanation.finish("message", &mut out);
        platform_message.finish("platform_message", &mut out);
    }
    Ok(out)
}

fn association_type_switch(
    ctx: &Ctx<'_>,
    input: &mut Input<'_>,
    rows: &mut Rows,
) -> Result<Columns, Error> {
    let facts = Parties::read(input)?;
    let to = input.field::<Model>("to", None)?;
    let history = input.field::<Objects<HistoryEntry>>("history", Some(Objects(Vec::new())))?;
    input.finish()?;
    let mut verdicts = Verdicts::new(ctx.style, rows.count);
    let mut confirmation = Flags::new(rows.count);
    rows.each(
        |row| {
            let partner = facts.partner.get(row)?;
            let customer = facts.customer.get(row)?;
            let to = to.get(row)?;
            let history = history.get(row)?;
            // `now` last: the JSON contract, too, finds a missing `now` after the rest.
            let now = facts.now.get(row)?;
            let decision = association::switch(
                ctx.policy(input.offset + row, now)?,
                &partner,
                &customer,
                *to,
                &history.0,
                now,
            )
            .map_err(|e| input_error(input.offset + row, &e))?;
            Reasons::check(&decision.reasons).map_err(|e| under_row(input.offset + row, &e))?;
            Ok(decision)
        },
        |decision| match decision {
            Some(d) => {
                verdicts.push(d.outcome.name(), &d.reasons);
                confirmation.push(Some(d.requires_customer_confirmation));
            }
            None => {
                verdicts.push_null();
                confirmation.push(None);
            }
        },
    )?;
    let mut out = Columns::default();
    verdicts.finish("", &mut out);
    confirmation.finish("requires_customer_confirmation", &mut out);
    Ok(out)
}

fn disassociation_check(
    ctx: &Ctx<'_>,
    input: &mut Input<'_>,
    rows: &mut Rows,
) -> Result<Columns, Error> {
    let facts = Parties::read(input)?;
    let initiator = input.field::<Initiator>("initiator", None)?;
    let verified = input.field::<bool>("verification_code_verified", Some(false))?;
    let history = input.field::<Objects<HistoryEntry>>("history", Some(Objects(Vec::new())))?;
    input.finish()?;
    let mut verdicts = Verdicts::new(ctx.style, rows.count);
    rows.each(
        |row| {
            let partner = facts.partner.get(row)?;
            let customer = facts.customer.get(row)?;
            let initiator = initiator.get(row)?;
            let verified = verified.get(row)?;
            let history = history.get(row)?;
            // `now` last: the JSON contract, too, finds a missing `now` after the rest.
            let now = facts.now.get(row)?;
            let ruling = disassociation::check(
                ctx.policy(input.offset + row, now)?,
                *initiator,
                &partner,
                &customer,
                *verified,
                &history.0,
                now,
            );
            Reasons::check(&ruling.reasons).map_err(|e| under_row(input.offset + row, &e))?;
            Ok(ruling)
        },
        |ruling| match ruling {
            Some(r) => verdicts.push(r.outcome.name(), &r.reasons),
            None => verdicts.push_null(),
        },
    )?;
    let mut out = Columns::default();
    verdicts.finish("", &mut out);
    Ok(out)
}
