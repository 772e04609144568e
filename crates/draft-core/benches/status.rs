//! Placeholder until the status bench lands.
fn main() {}
