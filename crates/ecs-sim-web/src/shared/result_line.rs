//! The line under a form that says how the request went.

use crate::shared::html::sig;
use leptos::prelude::*;

/// The result line under a form: green on success, the core's AWS-style error otherwise.
#[component]
pub fn Result(result: RwSignal<Option<Result<String, String>>>) -> impl IntoView {
    let ok = move || result.with(|r| matches!(r, Some(Ok(_))));
    view! {
        <p class="result" class:ok=sig(ok) class:err=sig(move || !ok()) role=sig(move || if ok() { "status" } else { "alert" })
            hidden=sig(move || result.with(Option::is_none))>
            {sig(move || result.with(|r| match r { Some(Ok(m)) | Some(Err(m)) => m.clone(), None => String::new() }))}
        </p>
    }
}
