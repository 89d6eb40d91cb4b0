"""What every command shares: one-line failures with exit codes, and running a typer app."""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import typer

F = TypeVar("F", bound=Callable[..., Any])
EXIT_UNUSABLE_INPUT = 2  #: an input given to the command cannot be used (corrupt JSON, not a store)
EXIT_INCOMPLETE = 3  #: the command could not complete (output not writable, store locked, a bug)


def fail(message: str, code: int) -> typer.Exit:
    """Print ``error: message`` on stderr; return the :class:`typer.Exit` to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def one_line_errors(fn: F) -> F:
    """Turn every failure of a command into one line on stderr and an exit code, never a
    traceback (``CUOFENG_DEBUG=1`` shows it): 2 when an input cannot be used, 3 when the
    command could not complete (an output not writable, a locked store, a bug)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from extract.core.errors import CuofengError
        from extract.core.paths import display_path
        from extract.io import OutputError

        setup_logging()
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except CuofengError as err:
            if isinstance(err, OutputError) or _store_busy(err):
                raise fail(str(err), EXIT_INCOMPLETE) from None
            raise fail(str(err), EXIT_UNUSABLE_INPUT) from None
        except OSError as err:
            where = display_path(err.filename) if err.filename else "a file"
            if isinstance(err, (FileNotFoundError, IsADirectoryError, NotADirectoryError)):
                raise fail(f"{where}: {err.strerror}; check the path", EXIT_UNUSABLE_INPUT) from None
            raise fail(f"{where}: {OutputError.describe(err)}", EXIT_INCOMPLETE) from None
        except Exception as err:
            if (data_err := _data_error(err)) is not None:
                raise fail(str(data_err), EXIT_UNUSABLE_INPUT) from None
            if os.environ.get("CUOFENG_DEBUG"):
                raise
            raise fail(f"internal error (a bug; run with CUOFENG_DEBUG=1 for the traceback and report it): "
                       f"{err!r}", EXIT_INCOMPLETE) from None

    return wrapper  # type: ignore[return-value]


def _data_error(err: BaseException) -> Exception | None:
    """The error naming the data-file entry behind ``err`` (a pattern that does not compile,
    see :func:`extract.core.datafiles.explain`), looked up only if data files were read."""
    datafiles = sys.modules.get("extract.core.datafiles")
    return None if datafiles is None else datafiles.explain(err)


def _store_busy(err: BaseException) -> bool:
    """Whether ``err`` is a locked store's. The store module is looked up, not imported: a
    command that never opened a store (``extract``) cannot have raised its errors, and
    importing it costs start-up time."""
    store = sys.modules.get("extract.store")
    return store is not None and isinstance(err, store.StoreBusyError)


class LineHandler(logging.Handler):
    """Library log records as the command line shows them: ``warning: message`` on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            typer.echo(f"{record.levelname.lower()}: {record.getMessage()}", err=True)
        except Exception:  # pragma: no cover - logging must never break a command
            self.handleError(record)


def setup_logging() -> None:
    """Show the library's warnings (``logging.getLogger("extract")``) on stderr, once."""
    logger = logging.getLogger("extract")
    if not any(isinstance(h, LineHandler) for h in logger.handlers):
        logger.addHandler(LineHandler(level=logging.WARNING))
    logger.setLevel(logging.WARNING)


def run(app: typer.Typer) -> NoReturn:
    """Run ``app`` as a program (the ``cuofeng`` script, ``python -m …`` shims; click names it
    as it was called): library warnings on stderr, Ctrl-C exits 130."""
    # numpy's OpenBLAS starts a spinning thread per core on import (~60 ms of CPU per process,
    # workers included); cuofeng does no linear algebra. An explicit setting wins.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    setup_logging()
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(0)  # pragma: no cover - typer exits itself
