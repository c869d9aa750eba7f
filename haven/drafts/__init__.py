"""Drafts of long forms, autosaved while they are typed and restored after signing in again
(security reference R17)."""
