//! Integration tests for draft-hosts: real installs into a temporary project
//! and a temporary HOME, one module per concern.

mod common;
mod detect_doctor;
mod files;
mod host_cli;
mod preserve;
mod safety;
mod shared;
mod uninstall;
