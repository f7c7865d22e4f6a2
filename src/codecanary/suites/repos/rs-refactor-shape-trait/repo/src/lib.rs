mod report;
mod shapes;

pub use report::{describe, total_area};
pub use shapes::ShapeKind;
