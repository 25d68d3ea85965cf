"""The compiled half of ``partner_rules`` (Rust, PyO3). Import from ``partner_rules`` instead."""

from typing import Any, ClassVar, Iterable, Literal, Mapping, Optional, Union, final, overload

from typing_extensions import disjoint_base

from ._errors import PartnerRulesError

__all__ = ["Engine", "OPS", "TableJob", "__version__", "evaluate", "evaluate_json", "evaluate_many"]
OPS: tuple[str, ...]
__version__: str

@disjoint_base
class Engine:
    def __new__(cls, policy: Union[str, Mapping[str, Any], None] = None) -> "Engine": ...
    @property
    def preset(self) -> str: ...
    @property
    def policy(self) -> dict[str, Any]: ...
    def evaluate(self, request: Mapping[str, Any]) -> dict[str, Any]: ...
    def evaluate_json(self, request: Union[str, bytes]) -> str: ...
    @overload
    def evaluate_many(
        self, requests: Iterable[Mapping[str, Any]], *, return_exceptions: Literal[False] = False
    ) -> list[dict[str, Any]]: ...
    @overload
    def evaluate_many(
        self, requests: Iterable[Mapping[str, Any]], *, return_exceptions: bool
    ) -> list[Union[dict[str, Any], PartnerRulesError]]: ...

def evaluate(request: Mapping[str, Any]) -> dict[str, Any]: ...
def evaluate_json(request: Union[str, bytes]) -> str: ...
@overload
def evaluate_many(
    requests: Iterable[Mapping[str, Any]], *, return_exceptions: Literal[False] = False
) -> list[dict[str, Any]]: ...
@overload
def evaluate_many(
    requests: Iterable[Mapping[str, Any]], *, return_exceptions: bool
) -> list[Union[dict[str, Any], PartnerRulesError]]: ...

# The columnar API's compiled half (src/table.rs); partner_rules.evaluate_table wraps it.
@final
class TableJob:
    ops: ClassVar[tuple[str, ...]]
    def __new__(
        cls,
        engine: Engine,
        op: str,
        constants: dict[str, Any],
        *,
        messages: Optional[str] = None,
        errors: str = "raise",
    ) -> "TableJob": ...
    def evaluate(self, batch: Any, first_row: int = 0) -> Any: ...
