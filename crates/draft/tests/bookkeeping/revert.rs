//! `draft revert` end to end.
