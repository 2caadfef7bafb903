"""One module per animated lesson: ``LESSON_ID`` and ``STROKES`` (step id -> Stroke)."""
