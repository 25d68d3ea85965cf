"""The ``partner-rules`` command: the JSON contract over files and pipes, and the failure cause
catalog for a person at a terminal.

Exit status: 0 when every request was answered, 1 when any input line was invalid (or
``explain`` found no cause), 2 for usage errors (an unknown option, a missing file, a policy
that is neither a preset nor a valid policy file), 130 when interrupted, 141 when the reader of
standard output went away.
"""

from __future__ import annotations

import codecs
import json
import os
import stat
import sys
from collections import Counter
from typing import IO, Any, Dict, Iterator, List, Optional, Sequence

import click

from ._core import __version__
from ._engine import Engine
from ._errors import PartnerRulesError
from ._schema import schema_names, schema_text

# Below this many requests no progress bar is shown at all: it would only flicker.
PROGRESS_AFTER_LINES = 2_000
# How often the progress bar is told how far the input is read.
PROGRESS_EVERY_LINES = 1_024
# Invalid lines reported one by one on standard error; the summary counts the rest.
REPORTED_ERRORS = 50
# The core refuses request text beyond 64 MiB (partner_rules::limits); an array element is
# never read further than that.
MAX_ELEMENT_BYTES = 64 * 1024 * 1024
READ_BYTES = 1 << 16

LANGS = click.Choice(["en", "zh"])


class _Item:
    """One request read from the input: where it came from, and its text or why it has none."""

    __slots__ = ("source", "line", "text", "error")

    def __init__(
        self, source: str, line: int, text: Optional[bytes], error: Optional[Dict[str, str]]
    ) -> None:
        self.source = source
        self.line = line
        self.text = text
        self.error = error


def _error(code: str, path: str, message: str) -> Dict[str, str]:
    return {"code": code, "path": path, "message": message}


# --------------------------------------------------------------------------- reading input


class _Input:
    """An input file (or standard input) read as JSON Lines or as one JSON array, one request
    at a time; `consumed` counts the bytes read so far, for the progress bar."""

    def __init__(self, name: str, stream: IO[bytes]) -> None:
        self.name = "<stdin>" if name == "-" else name
        self.stream = stream
        self.consumed = 0
        # What was read to tell JSON Lines from an array, still to be used.
        self._pending = b""

    def items(self) -> Iterator[_Item]:
        first = self._peek_first_byte()
        if first == b"[":
            yield from self._array_items()
        else:
            yield from self._line_items()

    def _peek_first_byte(self) -> bytes:
        # Standard input cannot seek: what is read here is kept in front of the stream. read1
        # returns what a pipe has now instead of waiting for a full block.
        read = getattr(self.stream, "read1", self.stream.read)
        while True:
            chunk: bytes = read(READ_BYTES)
            if not chunk:
                return b""
            self._pending += chunk
            stripped = self._pending.lstrip()
            if stripped:
                return stripped[:1]

    def _raw_lines(self) -> Iterator[bytes]:
        pending = self._pending
        self._pending = b""
        if pending:
            # The first read may end inside a line: finish it from the stream.
            if not pending.endswith(b"\n"):
                pending += self.stream.readline()
            # Split at "\n" only, as iterating over the stream does (splitlines would also split
            # at a lone "\r" and number the lines differently).
            start = 0
            while start < len(pending):
                end = pending.find(b"\n", start)
                end = len(pending) if end == -1 else end + 1
                yield pending[start:end]
                start = end
        for line in self.stream:
            yield line

    def _line_items(self) -> Iterator[_Item]:
        number = 0
        for raw in self._raw_lines():
            number += 1
            self.consumed += len(raw)
            text = raw.strip()
            # Blank lines (a trailing one, say) hold no request and get no answer.
            if text:
                yield _Item(self.name, number, text, None)

    def _array_items(self) -> Iterator[_Item]:
        """The elements of one JSON array, each as its own text, read incrementally: only the
        element being read is held, never the whole array."""
        reader = _ArrayReader(self.stream, self._pending)
        self._pending = b""
        for item in reader.elements(self.name):
            self.consumed = reader.consumed
            yield item
        self.consumed = reader.consumed


class _ArrayReader:
    """Splits a JSON array into the texts of its elements without holding the array."""

    def __init__(self, stream: IO[bytes], pending: bytes) -> None:
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.json = json.JSONDecoder()
        # Decoded in elements(), where text that is not UTF-8 becomes an error line.
        self.pending = pending
        self.buffer = ""
        self.consumed = len(pending)
        self.pos = 0
        self.line = 1  # the line of self.buffer[self.pos]
        self.eof = False

    def _more(self, wanted: int = READ_BYTES) -> bool:
        """Reads at least `wanted` more bytes unless the input ends; drops what was parsed."""
        if self.eof:
            return False
        chunk = self.stream.read(wanted)
        if not chunk:
            self.eof = True
            self.buffer = self.buffer[self.pos :] + self.decoder.decode(b"", final=True)
            self.pos = 0
            return False
        self.consumed += len(chunk)
        self.buffer = self.buffer[self.pos :] + self.decoder.decode(chunk)
        self.pos = 0
        return True

    def _skip_space(self) -> str:
        """Skips white space; the next character, or "" at the end of the input."""
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in " \t\r\n":
                if self.buffer[self.pos] == "\n":
                    self.line += 1
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._more():
                return ""

    def elements(self, source: str) -> Iterator[_Item]:
        try:
            self.buffer = self.decoder.decode(self.pending)
            self.pending = b""
            yield from self._elements(source)
        except UnicodeDecodeError as err:
            yield _Item(source, self.line, None, _error("invalid_input", "$", f"the input is not UTF-8 text: {err.reason}"))

    def _elements(self, source: str) -> Iterator[_Item]:
        self._skip_space()
        self.pos += 1  # the "[" that made this input an array
        index = 0
        if self._skip_space() == "]":
            self.pos += 1
        else:
            while True:
                line = self.line
                item = self._element(source, index, line)
                yield item
                if item.text is None:
                    return  # the array is broken: nothing after this can be trusted
                index += 1
                following = self._skip_space()
                self.pos += 1
                if following == "]":
                    break
                if following != ",":
                    yield self._broken(source, index, f"expected ',' or ']' after element {index - 1}, found {_shown(following)}")
                    return
                self._skip_space()
        if self._skip_space() != "":
            yield self._broken(source, index, "text after the end of the array")

    def _element(self, source: str, index: int, line: int) -> _Item:
        wanted = READ_BYTES
        while True:
            try:
                _, end = self.json.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as err:
                # Either the element is cut off by the end of the buffer (read more, doubling so
                # that a large element costs linear time) or it is malformed (the input ends, or
                # the element grows past what any request may be).
                size = len(self.buffer) - self.pos
                if size <= MAX_ELEMENT_BYTES and self._more(wanted):
                    wanted = min(wanted * 2, MAX_ELEMENT_BYTES)
                    continue
                if size > MAX_ELEMENT_BYTES:
                    message = f"array element {index} is longer than {MAX_ELEMENT_BYTES} bytes"
                else:
                    message = f"array element {index} is not JSON: {err.msg}"
                return _Item(source, line, None, _error("invalid_input", f"$[{index}]", message))
            text = self.buffer[self.pos : end]
            self.line += text.count("\n")
            self.pos = end
            return _Item(source, line, text.encode("utf-8"), None)

    def _broken(self, source: str, index: int, message: str) -> _Item:
        return _Item(source, self.line, None, _error("invalid_input", f"$[{index}]", message))


def _shown(character: str) -> str:
    return "the end of the input" if character == "" else repr(character)


# --------------------------------------------------------------------------- evaluating


class _Summary:
    """What the answers held: outcomes, reason codes, invalid lines."""

    def __init__(self) -> None:
        self.answered = 0
        self.invalid = 0
        self.outcomes: Counter[str] = Counter()
        self.reasons: Counter[str] = Counter()

    def add(self, answer: Any) -> None:
        self.answered += 1
        self._walk(answer)

    def _walk(self, node: Any) -> None:
        # Outcomes and reasons sit at the top of most answers, in `results` items of the batch
        # ops and under `reseller` / `referral` of `association.models`.
        if not isinstance(node, dict):
            return
        outcome = node.get("outcome")
        if isinstance(outcome, str):
            self.outcomes[outcome] += 1
        reasons = node.get("reasons")
        if isinstance(reasons, list):
            for reason in reasons:
                if isinstance(reason, dict) and isinstance(reason.get("code"), str):
                    self.reasons[reason["code"]] += 1
        for key in ("results", "reseller", "referral"):
            child = node.get(key)
            if isinstance(child, list):
                for entry in child:
                    self._walk(entry)
            else:
                self._walk(child)

    def lines(self) -> List[str]:
        total = self.answered + self.invalid
        head = f"partner-rules eval: {total:,} request{'s' if total != 1 else ''}, {self.answered:,} answered"
        head += f", {self.invalid:,} invalid" if self.invalid else ""
        out = [head]
        if self.outcomes:
            out.append("outcomes: " + ", ".join(f"{name} {count:,}" for name, count in self.outcomes.most_common()))
        if self.reasons:
            out.append("most frequent reasons: " + ", ".join(f"{code} {count:,}" for code, count in self.reasons.most_common(5)))
        return out


# --------------------------------------------------------------------------- commands


def _engine_for(value: Optional[str], option: str = "--policy") -> Engine:
    """An Engine for a preset name or a policy (or policy timeline) JSON file."""
    if value is None:
        return Engine()
    try:
        return Engine(value)
    except PartnerRulesError as err:
        if not os.path.exists(value):
            raise click.BadParameter(
                f"{value!r} is neither a preset nor a file ({err.message})", param_hint=option
            ) from None
    try:
        with open(value, "rb") as f:
            policy = json.load(f)
    except (OSError, ValueError, RecursionError) as err:
        raise click.BadParameter(f"cannot read {value}: {err}", param_hint=option) from None
    try:
        return Engine(policy)
    except PartnerRulesError as err:
        raise click.BadParameter(f"{value}: {err.code} at {err.path}: {err.message}", param_hint=option) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="partner-rules", message="%(prog)s %(version)s")
def cli() -> None:
    """The rules cloud partners meet when they develop customers: decisions for JSON requests,
    and what an association failure message means.

    \b
    Examples:
      partner-rules eval requests.jsonl > answers.jsonl
      partner-rules explain "The invitation link has expired."
      partner-rules catalog --lang zh

    Run "partner-rules COMMAND --help" for each command's options.
    """


@cli.command("eval", short_help="Answer JSON requests (JSON Lines in, JSON Lines out).")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option(
    "--policy",
    metavar="PRESET|FILE",
    help="A preset name (intl-2024, intl-2025, cn), or a JSON file holding a policy object or "
    'a policy timeline {"timeline": [{"from": ..., "policy": ...}]}. A request\'s own "policy" '
    "still wins. Default: intl-2024.",
)
@click.option("-q", "--quiet", is_flag=True, help="No summary and no progress bar; invalid lines are still reported.")
@click.pass_context
def eval_command(ctx: click.Context, files: Sequence[str], policy: Optional[str], quiet: bool) -> None:
    """Answers requests: JSON Lines (or one JSON array) from FILES or standard input ("-"),
    answers as JSON Lines on standard output, in order.

    Each request gets one answer line; blank lines are skipped. An invalid request is
    reported on standard error with its line number, code and JSON path, and its answer line
    is {"error": {"code": ..., "path": ..., "message": ...}}, so that answer N is always
    request N; the other requests go on. At the end a summary goes to standard error:
    outcomes and the most frequent reason codes. On a terminal, inputs of more than a few
    thousand lines show a progress bar.

    Exit status: 0 when every request was answered, 1 when any was invalid, 2 for usage
    errors.

    \b
    Examples:
      partner-rules eval requests.jsonl > answers.jsonl
      cat requests.jsonl | partner-rules eval --policy cn > answers.jsonl
      partner-rules eval --policy my-policy.json day1.jsonl day2.jsonl
      echo '{"op": "failure_cause.catalog"}' | partner-rules eval -
    """
    engine = _engine_for(policy)
    names = list(files) or ["-"]
    if names.count("-") > 1:
        raise click.BadParameter("standard input (-) can be read only once", param_hint="FILES")
    # The summary needs each answer parsed back into Python (about 60 % of the time a run
    # takes); --quiet skips it.
    summary = _Summary() if not quiet else None
    show_progress = not quiet and _stderr_is_terminal() and not _stdout_is_terminal()
    progress = _Progress(_total_size(names)) if show_progress else None
    out = _stdout_bytes()
    # On a terminal each answer shows as soon as its request is typed.
    flush_each = _stdout_is_terminal()
    invalid = 0
    try:
        for name in names:
            stream = _open(name)
            source = _Input(name, stream)
            try:
                for count, item in enumerate(source.items(), 1):
                    failure = item.error
                    if failure is None:
                        assert item.text is not None
                        # One request at a time through the core's text entry point: measured
                        # 2.3 times as fast as json.loads + evaluate_many in chunks + json.dumps
                        # (0.46 s against 1.05 s for 100,000 pre-registration checks), the answer
                        # is the contract's own JSON text, and text is read as the contract
                        # reads it (a duplicate key is an error, as in every binding).
                        try:
                            answer = engine.evaluate_json(item.text)
                        except PartnerRulesError as err:
                            failure = {"code": err.code, "path": err.path, "message": err.message}
                        else:
                            out.write(answer.encode("utf-8"))
                            out.write(b"\n")
                            if summary is not None:
                                summary.add(json.loads(answer))
                    if failure is not None:
                        invalid += 1
                        out.write(_dumps({"error": failure}))
                        _report(item, failure, invalid)
                    if flush_each:
                        out.flush()
                    if progress is not None and count % PROGRESS_EVERY_LINES == 0:
                        progress.advance(PROGRESS_EVERY_LINES, source.consumed)
                if progress is not None:
                    progress.file_done(source.consumed)
            finally:
                if name != "-":
                    stream.close()
        out.flush()
    except BrokenPipeError:
        # The reader of standard output went away (`| head`): stop quietly, with the status of
        # a command killed by SIGPIPE (click would turn it into 1, the status of bad input).
        _silence_stdout()
        ctx.exit(141)
    finally:
        if progress is not None:
            progress.stop()
    if summary is not None:
        summary.invalid = invalid
        for line in summary.lines():
            click.echo(line, err=True)
    ctx.exit(1 if invalid else 0)


def _open(name: str) -> IO[bytes]:
    if name == "-":
        return _stdin_bytes()
    try:
        return open(name, "rb")
    except OSError as err:
        raise click.BadParameter(f"cannot read {name}: {err.strerror}", param_hint="FILES") from None


def _report(item: _Item, failure: Dict[str, str], ordinal: int) -> None:
    """An invalid request on standard error: where it is, its code, path and message."""
    if ordinal <= REPORTED_ERRORS:
        click.echo(
            f"{item.source}:{item.line}: {failure['code']} at {failure['path']}: {failure['message']}",
            err=True,
        )
    elif ordinal == REPORTED_ERRORS + 1:
        click.echo(
            f"partner-rules eval: more than {REPORTED_ERRORS} invalid requests; the others are "
            "reported only in the answers",
            err=True,
        )


def _dumps(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


class _Progress:
    """A progress bar on standard error that appears only once the input is large: by bytes
    when every input is a regular file, else a running count of lines."""

    def __init__(self, total_bytes: Optional[int]) -> None:
        self.total_bytes = total_bytes
        self.lines = 0
        self.done_bytes = 0
        self.bar: Any = None
        self.task: Any = None

    def advance(self, lines: int, consumed: int) -> None:
        self.lines += lines
        if self.bar is None:
            if self.lines <= PROGRESS_AFTER_LINES:
                return
            self._start()
        self.bar.update(self.task, completed=self.done_bytes + consumed if self.total_bytes else self.lines, lines=self.lines)

    def file_done(self, consumed: int) -> None:
        self.done_bytes += consumed

    def _start(self) -> None:
        # Imported here: rich takes a tenth of a second to import, which small runs never pay.
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        columns: List[Any] = [
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[lines]:,} requests"),
            TimeElapsedColumn(),
        ]
        if self.total_bytes:
            columns.insert(2, TextColumn("[progress.percentage]{task.percentage:>3.0f}%"))
            columns.append(TimeRemainingColumn())
        self.bar = Progress(*columns, console=Console(stderr=True), transient=True)
        self.task = self.bar.add_task("evaluating", total=self.total_bytes, lines=self.lines)
        self.bar.start()

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _total_size(names: Sequence[str]) -> Optional[int]:
    total = 0
    for name in names:
        if name == "-":
            return None
        info = os.stat(name)
        if not stat.S_ISREG(info.st_mode):
            return None
        total += info.st_size
    return total


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _stdout_bytes() -> IO[bytes]:
    # Answers are UTF-8 whatever the locale; CliRunner gives a stdout with a bytes buffer too.
    return sys.stdout.buffer


def _stdin_bytes() -> IO[bytes]:
    return sys.stdin.buffer


@cli.command(short_help="Explain an association failure message.")
@click.argument("message")
@click.option("--lang", type=LANGS, default="en", show_default=True, help="The language of the explanation.")
@click.pass_context
def explain(ctx: click.Context, message: str, lang: str) -> None:
    """What an association failure MESSAGE means and what to do: the cause the platform's
    message (English or Chinese, as copied from the partner center) stands for. Case, white
    space and a final period do not matter. Exit status 1 when no cause matches.

    \b
    Examples:
      partner-rules explain "The invitation link has expired."
      partner-rules explain "Prepaid partners cannot develop customers in reseller model" --lang zh
    """
    engine = Engine()
    try:
        found = engine.lookup_failure_cause(message=message)["cause"]
    except PartnerRulesError as err:
        # A message the shell passed as bytes that are not UTF-8.
        raise click.BadParameter(err.message, param_hint="MESSAGE") from None
    if found is None:
        click.echo(_WORDS["no_cause"][lang], err=True)
        ctx.exit(1)
    total = len(engine.failure_cause_catalog()["causes"])
    cause: Dict[str, Any] = dict(found)
    words = {key: text[lang] for key, text in _WORDS.items()}
    operation = cause["suggested_operation"]
    platform = cause["platform_message"][lang] or cause["platform_message"]["en"]
    colon, left, right = ("：", "（", "）") if lang == "zh" else (": ", " (", ")")
    click.echo(f"{words['cause']} {cause['number']}/{total}{colon}{cause['code']}")
    click.echo(f"  {cause['message'][lang]}")
    # The contract allows a cause without a suggested operation, though none has one now.
    if operation is not None:
        click.echo("")
        click.echo(f"{words['what_to_do']}{left}{operation['code']}{right}{colon.strip()}")
        click.echo(f"  {operation[lang]}")
    if platform:
        click.echo("")
        click.echo(f"{words['platform_message']}{colon.strip()}")
        click.echo(f"  {platform}")
    ctx.exit(0)


@cli.command(short_help="List the twenty association failure causes.")
@click.option("--lang", type=LANGS, default="en", show_default=True, help="The language of the texts.")
def catalog(lang: str) -> None:
    """The twenty association failure causes in order: code, meaning and what to do.

    \b
    Examples:
      partner-rules catalog
      partner-rules catalog --lang zh
    """
    causes = Engine().failure_cause_catalog()["causes"]
    for index, found in enumerate(causes):
        cause: Dict[str, Any] = dict(found)
        if index:
            click.echo("")
        click.echo(f"{cause['number']:>2}. {cause['code']}")
        click.echo(f"    {cause['message'][lang]}")
        operation = cause["suggested_operation"]
        if operation is not None:
            click.echo(f"    -> {operation[lang]} ({operation['code']})")


@cli.group()
def policy() -> None:
    """Policies: the numbers and calendar the rules use."""


@policy.command("show", short_help="Print the full policy JSON of a preset.")
@click.argument("preset")
def policy_show(preset: str) -> None:
    """The full policy JSON of PRESET (intl-2024, intl-2025, cn), or of a policy JSON file with
    every default filled in.

    \b
    Examples:
      partner-rules policy show cn
      partner-rules policy show my-policy.json
    """
    engine = _engine_for(preset, option="PRESET")
    click.echo(json.dumps(engine.policy, indent=2, ensure_ascii=False))


@cli.command(short_help="Print the JSON schema of requests or responses.")
@click.argument("name", default="request", metavar="[request|response]")
def schema(name: str) -> None:
    """The JSON schema of requests (the default) or of responses, as the package ships it.

    \b
    Examples:
      partner-rules schema > request.schema.json
      partner-rules schema response
    """
    names = schema_names()
    if name not in names:
        shipped = ", ".join(names) or "none"
        raise click.BadParameter(f"no schema named {name!r} (this package ships: {shipped})", param_hint="NAME")
    click.echo(schema_text(name), nl=False)


_WORDS: Dict[str, Dict[str, str]] = {
    "cause": {"en": "Cause", "zh": "原因"},
    "what_to_do": {"en": "What to do", "zh": "建议操作"},
    "platform_message": {"en": "Platform message", "zh": "平台提示"},
    "no_cause": {
        "en": "No known association failure cause matches this message (partner-rules catalog lists them).",
        "zh": "没有与该信息匹配的关联失败原因（partner-rules catalog 列出全部原因）。",
    },
}


def _silence_stdout() -> None:
    # Python flushes standard output once more at exit, which would complain again.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def main(argv: Optional[Sequence[str]] = None) -> None:
    """The console script: runs the command, turning interruptions into exit statuses rather
    than tracebacks."""
    try:
        code = cli.main(args=argv, prog_name="partner-rules", standalone_mode=False)
    except click.ClickException as err:
        err.show()
        code = err.exit_code
    except click.exceptions.Abort:
        code = 130
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        _silence_stdout()
        code = 141
    sys.exit(code if isinstance(code, int) else 0)
