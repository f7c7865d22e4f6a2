mod format;
mod parse;

pub use format::to_roman;
pub use parse::{parse, ParseError};
