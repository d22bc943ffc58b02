"""Policies: which operator applies to which kind, column and role."""

from boxguard.policy.model import OperatorSpec, Policy, load_policy

__all__ = ["OperatorSpec", "Policy", "load_policy"]
