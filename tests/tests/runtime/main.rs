//! The runtime `Cors` middleware (and the route guard and middleware the `#[cors]` attribute expands to),
//! end to end through actix-web's test utilities. One module per topic; this suite's origins,
//! policy and app are in `fixtures.rs`, the helpers shared with the `attribute` suite (requests,
//! header access, `#[track_caller]` assertions, the counting allocator) in `../support/mod.rs`.

#[path = "../support/mod.rs"]
mod support;

mod actual;
mod allocations;
mod configuration;
mod dynamic;
mod error_responses;
mod fixtures;
mod logging;
mod origins;
mod preflight;
mod route_pieces;
mod scopes;
mod vary;
