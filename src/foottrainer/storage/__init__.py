"""FootTrainer's progress storage: one SQLite file, written only through :class:`Store`.

Standard library only; no Qt, no UI imports.
"""

from foottrainer.storage.db import (
    BACKUP_DIRNAME,
    DB_FILENAME,
    DEFAULT_PROFILE_NAME,
    FULL_CHECK_MAX_BYTES,
    Answer,
    Attempt,
    CardUpdate,
    Clock,
    DayStats,
    Profile,
    QuestionStats,
    RecoveryNotice,
    Store,
    Visit,
    format_timestamp,
    local_day,
    merge_ranges,
    parse_timestamp,
    utc_now,
)
from foottrainer.storage.errors import (
    BackupInvalidError,
    MigrationError,
    NotFoundError,
    StoreDamagedError,
    StoreError,
    StoreTooNewError,
    StoreUnavailableError,
)
from foottrainer.storage.migrations import MIGRATIONS, latest_version

__all__ = [
    "BACKUP_DIRNAME",
    "DB_FILENAME",
    "DEFAULT_PROFILE_NAME",
    "FULL_CHECK_MAX_BYTES",
    "MIGRATIONS",
    "Answer",
    "Attempt",
    "BackupInvalidError",
    "CardUpdate",
    "Clock",
    "DayStats",
    "MigrationError",
    "NotFoundError",
    "Profile",
    "QuestionStats",
    "RecoveryNotice",
    "Store",
    "StoreDamagedError",
    "StoreError",
    "StoreTooNewError",
    "StoreUnavailableError",
    "Visit",
    "format_timestamp",
    "latest_version",
    "local_day",
    "merge_ranges",
    "parse_timestamp",
    "utc_now",
]
