"""Thin Qt views over :mod:`foottrainer.core`. One screen per module; views get their core
objects through their constructor."""
