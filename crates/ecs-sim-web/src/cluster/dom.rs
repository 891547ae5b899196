//! Small DOM writes for the parts of the cluster view that are painted by hand rather than by
//! `view!` (instances, tiles, the details dialog, the add-instance form). Text only, never markup.

use web_sys::Element;

/// Sets `name` to `value` on the first element under `root` matching `sel` (`""`: on `root`).
pub(super) fn set(root: &Element, sel: &str, name: &str, value: &str) {
    let el = if sel.is_empty() { Some(root.clone()) } else { root.query_selector(sel).ok().flatten() };
    if let Some(el) = el {
        match name {
            "text" => el.set_text_content(Some(value)),
            "class" => el.set_class_name(value),
            _ => {
                let _ = el.set_attribute(name, value);
            }
        }
    }
}

pub(super) fn toggle(root: &Element, sel: &str, name: &str, on: bool) {
    if let Some(el) = root.query_selector(sel).ok().flatten() {
        let _ = if on { el.set_attribute(name, "") } else { el.remove_attribute(name) };
    }
}

/// Appends `<tag class=…>text</tag>` to `parent` and returns it. Text only: never markup.
pub(super) fn add(parent: &Element, tag: &str, class: &str, text: &str) -> Option<Element> {
    let el = parent.owner_document()?.create_element(tag).ok()?;
    if !class.is_empty() {
        el.set_class_name(class);
    }
    if !text.is_empty() {
        el.set_text_content(Some(text));
    }
    parent.append_child(&el).ok()?;
    Some(el)
}
