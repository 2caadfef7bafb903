"""Profiles as students and teachers see them: names that are easy to tell apart, which profile
is in use, and what deleting one would lose. Qt-free; the store does the writing.

Rules (the store itself only refuses blank names):

* a name is trimmed, runs of white space become one space, at most :data:`MAX_NAME_LENGTH`
  characters;
* two profiles cannot have the same name, ignoring case ("anna" and "Anna" are one student);
* the profile in use cannot be deleted (switch to another one first), nor can the last one.
"""

from __future__ import annotations

from typing import NamedTuple

from foottrainer.storage import NotFoundError, Profile, Store

MAX_NAME_LENGTH = 40


class ProfileError(ValueError):
    """A request the rules refuse; ``str(error)`` is a sentence to show the user."""


class ProfileRecord(NamedTuple):
    """What a profile has done so far (what deleting it would lose)."""

    lessons_done: int = 0
    lessons_opened: int = 0
    quiz_attempts: int = 0
    quiz_answers: int = 0
    seconds: float = 0.0

    @property
    def empty(self) -> bool:
        return not (self.lessons_done or self.lessons_opened or self.quiz_attempts)

    def describe(self) -> str:
        """E.g. "2 lessons done, 5 lessons opened, 14 quiz answers in 3 quiz attempts,
        1 h 05 min of study" (parts that are zero are left out); "no progress yet"."""
        if self.empty:
            return "no progress yet"
        parts = []
        if self.lessons_done:
            parts.append(_count(self.lessons_done, "lesson") + " done")
        if self.lessons_opened:
            parts.append(_count(self.lessons_opened, "lesson") + " opened")
        if self.quiz_attempts:
            parts.append(
                f"{_count(self.quiz_answers, 'quiz answer')} in "
                f"{_count(self.quiz_attempts, 'quiz attempt')}"
            )
        if self.seconds >= 60:
            parts.append(f"{format_duration(self.seconds)} of study")
        return ", ".join(parts)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def format_duration(seconds: float) -> str:
    """Whole minutes: "45 min", "1 h 05 min"."""
    minutes = int(seconds // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def normalize_name(name: str) -> str:
    return " ".join(name.split())


def name_problem(store: Store, name: str, *, renaming: str | None = None) -> str | None:
    """Why ``name`` cannot be used (a sentence), or None if it can. ``renaming`` is the id of
    the profile being renamed: it may keep its own name or change only its case."""
    clean = normalize_name(name)
    if not clean:
        return "A name cannot be blank."
    if len(clean) > MAX_NAME_LENGTH:
        return f"A name can be at most {MAX_NAME_LENGTH} characters long."
    key = clean.casefold()
    for profile in store.list_profiles():
        if profile.id != renaming and normalize_name(profile.name).casefold() == key:
            return (
                f"There is already a profile named “{profile.name}”. "
                "Choose another name, e.g. add the first letter of the surname."
            )
    return None


def _checked_name(store: Store, name: str, renaming: str | None = None) -> str:
    problem = name_problem(store, name, renaming=renaming)
    if problem is not None:
        raise ProfileError(problem)
    return normalize_name(name)


def create_profile(store: Store, name: str) -> Profile:
    """A new profile; :class:`ProfileError` if the name is blank, too long or taken."""
    return store.create_profile(_checked_name(store, name))


def rename_profile(store: Store, profile_id: str, name: str) -> Profile:
    """Rename; :class:`ProfileError` as for :func:`create_profile`, NotFoundError if gone."""
    return store.rename_profile(profile_id, _checked_name(store, name, renaming=profile_id))


def find_profile(store: Store, profile_id: str) -> Profile | None:
    return next((p for p in store.list_profiles() if p.id == profile_id), None)


def sorted_profiles(store: Store) -> list[Profile]:
    """Alphabetically, ignoring case (how a class list is read)."""
    return sorted(store.list_profiles(), key=lambda p: (p.name.casefold(), p.created_at))


def current_profile(store: Store, remembered: object) -> Profile:
    """The remembered profile if ``remembered`` is the id of one that still exists, otherwise
    the store's default profile (the oldest; created if there is none)."""
    if isinstance(remembered, str) and remembered:
        found = find_profile(store, remembered)
        if found is not None:
            return found
    return store.default_profile()


def deletion_problem(store: Store, profile_id: str, current_id: str) -> str | None:
    """Why the profile cannot be deleted while ``current_id`` is in use, or None."""
    profiles = store.list_profiles()
    profile = next((p for p in profiles if p.id == profile_id), None)
    if profile is None:
        return "That profile no longer exists."
    if len(profiles) == 1:
        return (
            f"“{profile.name}” is the only profile and cannot be deleted: there must always be "
            "one. Create another profile first, or rename this one."
        )
    if profile_id == current_id:
        return (
            f"“{profile.name}” is the profile in use. Switch to another profile first, "
            f"then delete “{profile.name}”."
        )
    return None


def delete_profile(store: Store, profile_id: str, current_id: str) -> None:
    """Delete a profile and all of its progress, unless :func:`deletion_problem` objects."""
    problem = deletion_problem(store, profile_id, current_id)
    if problem is not None:
        if find_profile(store, profile_id) is None:
            raise NotFoundError(f"No profile with id {profile_id!r}.")
        raise ProfileError(problem)
    store.delete_profile(profile_id)


def record_of(store: Store, profile_id: str) -> ProfileRecord:
    visits = store.visits(profile_id)
    attempts = store.attempts(profile_id)
    return ProfileRecord(
        lessons_done=len(store.completed_lessons(profile_id)),
        lessons_opened=len({v.lesson_id for v in visits}),
        quiz_attempts=len(attempts),
        quiz_answers=sum(len(store.answers(a.id)) for a in attempts),
        seconds=sum(v.seconds for v in visits),
    )
