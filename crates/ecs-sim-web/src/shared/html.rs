//! Markup as text, for the parts of the page that only display data. A typed Leptos view costs
//! kilobytes of wasm per shape; a string from a pure function costs bytes and is tested natively.
//! Everything that comes from data goes through [`esc`]; buttons carry `data-act` and one
//! delegated listener per region reads it ([`action`]).

use leptos::prelude::document;
use wasm_bindgen::JsCast;

/// Escapes text for use in HTML content and double-quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `<option>`s for a select, with `current` selected.
pub fn options(items: &[(String, String)], current: &str) -> String {
    items
        .iter()
        .map(|(v, label)| {
            let sel = if v == current { " selected" } else { "" };
            format!("<option value=\"{}\"{sel}>{}</option>", esc(v), esc(label))
        })
        .collect()
}

/// A derived signal for a view's attribute or text. Leptos compiles a reactive closure into its
/// own copy of the rendering and effect code (about a kilobyte of wasm each); a `Signal` shares
/// one copy per value type, and the closure's body is all that stays per use.
pub fn sig<T: Send + Sync + 'static>(f: impl Fn() -> T + Send + Sync + 'static) -> leptos::prelude::Signal<T> {
    leptos::prelude::Signal::derive(f)
}

/// An effect over a boxed closure. Each `Effect::new` compiles its own copy of the effect's
/// scheduling code around its closure (one to several kilobytes of wasm); through this one
/// function every effect shares one copy, and its body is all that stays per use.
pub fn effect(f: impl FnMut() + 'static) {
    let mut f: Box<dyn FnMut()> = Box::new(f);
    leptos::prelude::Effect::new(move |_| f());
}

/// An event handler as a boxed closure. Given a closure, `on:click` compiles its listener code
/// (the wrapper that converts the event and calls the closure, the attribute's build and
/// rebuild) once per closure; given this, once per event type, and each handler's body is all
/// that stays per use.
pub fn handler<E: 'static>(f: impl FnMut(E) + 'static) -> Box<dyn FnMut(E)> {
    Box::new(f)
}

/// What `<Show when=…>` renders (the children while `when` holds, built again each time it turns
/// true; the same empty placeholder otherwise), without the type-erased fallback and the
/// generic component code each `Show` adds to the wasm.
pub fn show<V>(
    when: impl Fn() -> bool + Send + Sync + 'static,
    children: impl Fn() -> V + Send + Sync + 'static,
) -> impl leptos::prelude::IntoView
where
    V: leptos::prelude::IntoView + 'static,
{
    use leptos::prelude::Get;
    let when = leptos::prelude::Memo::new(move |_| when());
    move || when.get().then(&children)
}

/// The `data-act` (and `data-arg`) of the button an event came from, if any.
pub fn action(ev: &web_sys::Event) -> Option<(String, String)> {
    let el = ev.target()?.dyn_into::<web_sys::Element>().ok()?.closest("[data-act]").ok()??;
    Some((el.get_attribute("data-act")?, el.get_attribute("data-arg").unwrap_or_default()))
}

/// The element an event came from.
pub fn target(ev: &web_sys::Event) -> Option<web_sys::Element> {
    ev.target()?.dyn_into::<web_sys::Element>().ok()
}

/// Marks an input valid or not (aria-invalid).
pub fn mark(el: &web_sys::Element, invalid: bool) {
    let _ = el.set_attribute("aria-invalid", if invalid { "true" } else { "false" });
}

/// Sets the current value of the input with this id (not only its attribute).
pub fn set_value(id: &str, v: &str) {
    if let Some(el) = document().get_element_by_id(id) {
        el.unchecked_into::<web_sys::HtmlInputElement>().set_value(v);
    }
}

/// Scrolls the element with this id into view.
pub fn scroll_to(id: &str) {
    if let Some(el) = document().get_element_by_id(id) {
        el.scroll_into_view();
    }
}

/// Scrolls the element with this id into view unless some of it is already on screen (after
/// Create service on a phone, the cluster is far above the form).
pub fn reveal(id: &str) {
    let Some(el) = document().get_element_by_id(id) else { return };
    let r = el.get_bounding_client_rect();
    let height = leptos::prelude::window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
    if r.bottom() < 0.0 || r.top() > height - 48.0 {
        el.scroll_into_view();
    }
}

/// Moves keyboard focus to the element with this id, if it exists.
pub fn focus(id: &str) {
    if let Some(el) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_data_is_escaped() {
        assert_eq!(esc("<img src=x onerror=\"alert(1)\">&'"), "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;");
        assert_eq!(
            options(&[("a".into(), "A".into()), ("<b>".into(), "B".into())], "<b>"),
            "<option value=\"a\">A</option><option value=\"&lt;b&gt;\" selected>B</option>"
        );
    }
}
