//! `cors-tower` end to end through axum routers, called as tower services
//! (`tower::ServiceExt::oneshot`): the cases the actix suites check, one module per topic, the
//! shared requests, assertions and counting allocator in `support.rs`.

mod actual;
mod allocations;
mod configuration;
mod per_method;
mod preflight;
mod support;
