//! A stand-in for the `wasm-streams` crate with only what `server_fn` (a dependency of Leptos)
//! names: `ReadableStream::{from_raw, from_stream, into_raw, into_stream}`.
//!
//! The real crate exports three JS classes (`IntoUnderlyingSource`, `IntoUnderlyingByteSource`,
//! `IntoUnderlyingSink`) with `#[wasm_bindgen]`, so their code and JS glue reach the page even
//! though nothing calls them: about 10 KB of wasm. `server_fn` uses the crate only to stream the
//! body of a server function's request or response, and the page has no server functions, so
//! those calls are never made; if one ever were, it fails loudly here instead of streaming.

use futures_util::stream::Stream;
use wasm_bindgen::JsValue;

/// A JS `ReadableStream`, as `wasm_streams::ReadableStream` wraps it.
pub struct ReadableStream {
    raw: web_sys::ReadableStream,
}

impl ReadableStream {
    /// Wraps a JS stream.
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        ReadableStream { raw }
    }

    /// Not available in this stand-in (the page never streams a request body).
    pub fn from_stream<St>(_stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        unimplemented!("wasm-streams stand-in: ReadableStream::from_stream")
    }

    /// The JS stream.
    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.raw
    }

    /// Not available in this stand-in (the page never streams a response body).
    pub fn into_stream(self) -> futures_util::stream::Empty<Result<JsValue, JsValue>> {
        unimplemented!("wasm-streams stand-in: ReadableStream::into_stream")
    }
}
