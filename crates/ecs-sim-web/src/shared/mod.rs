//! What every panel uses: the page's shared state, markup helpers, icons, and the pieces several
//! forms share.

pub mod ctx;
pub mod definitions;
pub mod free_names;
pub mod html;
pub mod icons;
pub mod result_line;
