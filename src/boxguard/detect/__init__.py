"""Detection: normalize → candidates → validate → context → model → resolve."""

from boxguard.detect.finding import Finding
from boxguard.detect.scanner import EntityModel, Scanner

__all__ = ["EntityModel", "Finding", "Scanner"]
