"""FootTrainer: foot-massage technique trainer for massage-therapy students."""

__version__ = "0.1.0"
