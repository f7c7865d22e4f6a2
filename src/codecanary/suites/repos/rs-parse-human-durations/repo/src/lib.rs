mod format;
mod parse;

pub use format::format_duration;
pub use parse::{parse_duration, DurationError};
