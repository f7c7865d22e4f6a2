pub mod summary;

pub use summary::{median, spread, summarize, Summary};
