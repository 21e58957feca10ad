"""A milestone checkout killed with SIGKILL at each step of its payment, in a
process of its own, then retried and reconciled."""
