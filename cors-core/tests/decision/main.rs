//! The decision engine (docs/protocol.md sections 2 to 8), `Vary` merging, the http adapter, same-origin
//! detection, and the misconfiguration classes of section 9. One module per topic; the request
//! type, policies and `#[track_caller]` assertions they share are in `support.rs`.

mod adapter;
mod allow_origin;
mod detection;
mod dynamic;
mod method_and_headers;
mod misconfigurations;
mod rejections;
mod request_origin;
mod response_headers;
mod same_origin;
mod support;
mod vary;
