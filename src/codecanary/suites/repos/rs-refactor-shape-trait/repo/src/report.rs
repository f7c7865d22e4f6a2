use crate::shapes::ShapeKind;

pub fn total_area(shapes: &[ShapeKind]) -> f64 {
    shapes.iter().map(|s| s.area()).sum()
}

pub fn describe(shape: &ShapeKind) -> String {
    format!("{}: area {:.2}, perimeter {:.2}", shape.name(), shape.area(), shape.perimeter())
}
