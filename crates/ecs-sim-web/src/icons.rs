//! Inline SVG icons (no icon fonts, no requests). Decorative: hidden from screen readers.

use leptos::prelude::*;

/// Circular arrows: a service keeps its tasks going.
pub fn service() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d="M13.5 8a5.5 5.5 0 0 1-9.6 3.7M2.5 8a5.5 5.5 0 0 1 9.6-3.7" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>
            <path d="M12.6 1.6v3h-3M3.4 14.4v-3h3" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/>
        </svg>
    }
}

/// A single play triangle: a standalone task runs once.
pub fn standalone() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d="M4.5 2.8v10.4L13 8z" fill="currentColor"/>
        </svg>
    }
}

/// A server box: a container instance.
pub fn server() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <rect x="2" y="2.5" width="12" height="4.5" rx="1" fill="none" stroke="currentColor" stroke-width="1.4"/>
            <rect x="2" y="9" width="12" height="4.5" rx="1" fill="none" stroke="currentColor" stroke-width="1.4"/>
            <circle cx="4.6" cy="4.75" r=".9" fill="currentColor"/>
            <circle cx="4.6" cy="11.25" r=".9" fill="currentColor"/>
        </svg>
    }
}

/// Play.
pub fn play() -> impl IntoView {
    view! { <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M4.5 2.8v10.4L13 8z" fill="currentColor"/></svg> }
}

/// Pause.
pub fn pause() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <rect x="3.5" y="2.8" width="3" height="10.4" rx=".6" fill="currentColor"/>
            <rect x="9.5" y="2.8" width="3" height="10.4" rx=".6" fill="currentColor"/>
        </svg>
    }
}

/// Step forward.
pub fn step() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d="M3 2.8v10.4L10.5 8z" fill="currentColor"/><rect x="11" y="2.8" width="2.2" height="10.4" rx=".5" fill="currentColor"/>
        </svg>
    }
}

/// Reset.
pub fn reset() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d="M3 8a5 5 0 1 0 1.6-3.7" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>
            <path d="M4.2 1.8v2.9h2.9" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/>
        </svg>
    }
}

/// Terminal prompt (event log, CLI).
pub fn terminal() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <rect x="1.5" y="2.5" width="13" height="11" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.4"/>
            <path d="M4.5 6l2 2-2 2M8 10.5h3.5" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round"/>
        </svg>
    }
}

/// Plus in a circle (deploy).
pub fn add() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <circle cx="8" cy="8" r="6.3" fill="none" stroke="currentColor" stroke-width="1.4"/>
            <path d="M8 5v6M5 8h6" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>
        </svg>
    }
}
