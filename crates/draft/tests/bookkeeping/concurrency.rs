//! Concurrent writers and crash safety.
