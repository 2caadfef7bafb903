"""FootTrainer's progress storage: one SQLite file, written only through :class:`Store`.

Standard library only; no Qt, no UI imports.
"""

from foottrainer.storage.db import (
    BACKUP_DIRNAME,
    DB_FILENAME,
    DEFAULT_PROFILE_NAME,
    Answer,
    Attempt,
    Clock,
    Profile,
    RecoveryNotice,
    Store,
    Visit,
    format_timestamp,
    merge_ranges,
    parse_timestamp,
    utc_now,
)
from foottrainer.storage.errors import (
    BackupInvalidError,
    MigrationError,
    NotFoundError,
    StoreError,
    StoreTooNewError,
    StoreUnavailableError,
)
from foottrainer.storage.migrations import MIGRATIONS, latest_version

__all__ = [
    "BACKUP_DIRNAME",
    "DB_FILENAME",
    "DEFAULT_PROFILE_NAME",
    "MIGRATIONS",
    "Answer",
    "Attempt",
    "BackupInvalidError",
    "Clock",
    "MigrationError",
    "NotFoundError",
    "Profile",
    "RecoveryNotice",
    "Store",
    "StoreError",
    "StoreTooNewError",
    "StoreUnavailableError",
    "Visit",
    "format_timestamp",
    "latest_version",
    "merge_ranges",
    "parse_timestamp",
    "utc_now",
]
