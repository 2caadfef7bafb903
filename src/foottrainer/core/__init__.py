"""The Qt-free domain of FootTrainer: lessons, validation, grading and progress.

Nothing in this package may import Qt; ``tests/test_architecture.py`` enforces it.
"""
