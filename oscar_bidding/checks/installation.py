"""System checks: installation."""
