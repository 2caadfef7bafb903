"""Typed errors raised by the storage layer.

Every error derives from :class:`StoreError`, so the UI can catch the whole family at once and
show ``str(error)``: the messages are written for people, and name the file or folder involved.
"""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base class of every error raised on purpose by :mod:`foottrainer.storage`."""


class StoreUnavailableError(StoreError):
    """The data folder or the progress file cannot be created, opened or written."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        self.detail = detail
        super().__init__(
            f"FootTrainer cannot save progress in {path}: {detail}. "
            "Check that the folder exists, is writable and is not in use by another program."
        )


class StoreTooNewError(StoreError):
    """The progress file was written by a newer FootTrainer; it is left untouched."""

    def __init__(self, path: Path, found_version: int, supported_version: int) -> None:
        self.path = path
        self.found_version = found_version
        self.supported_version = supported_version
        super().__init__(
            f"The progress file {path} was written by a newer version of FootTrainer "
            f"(data format {found_version}; this version understands up to "
            f"{supported_version}). Please update FootTrainer. The file has not been modified."
        )


class MigrationError(StoreError):
    """A schema migration failed; the database was rolled back to its previous version."""

    def __init__(self, path: Path, from_version: int, failed_step: int, cause: BaseException):
        self.path = path
        self.from_version = from_version
        self.failed_step = failed_step
        super().__init__(
            f"Updating the progress file {path} from data format {from_version} failed at "
            f"step {failed_step} ({type(cause).__name__}: {cause}). "
            "Nothing was changed; the file is still at data format "
            f"{from_version}."
        )


class NotFoundError(StoreError, LookupError):
    """A profile, visit or quiz attempt id does not exist (or no longer exists)."""


class BackupInvalidError(StoreError):
    """A file offered to :meth:`Store.restore_backup` is not a usable FootTrainer backup."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        self.detail = detail
        super().__init__(
            f"{path} cannot be restored: {detail}. Your current progress is unchanged."
        )


class StoreDamagedError(StoreError):
    """The open progress file failed its full integrity check (found before a backup)."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        self.detail = detail = " ".join(detail.split())  # SQLite's report spans lines
        super().__init__(
            f"Your progress file {path} is damaged ({detail}). No backup was taken today, so "
            "your earlier backups stay as they are: use File ▸ Restore progress from a backup."
        )
