#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    Circle { r: f64 },
    Rect { w: f64, h: f64 },
    Triangle { a: f64, b: f64, c: f64 },
}

impl ShapeKind {
    pub fn area(&self) -> f64 {
        match self {
            ShapeKind::Circle { r } => std::f64::consts::PI * r * r,
            ShapeKind::Rect { w, h } => w * h,
            ShapeKind::Triangle { a, b, c } => {
                let s = (a + b + c) / 2.0;
                (s * (s - a) * (s - b) * (s - c)).sqrt()
            }
        }
    }

    pub fn perimeter(&self) -> f64 {
        match self {
            ShapeKind::Circle { r } => 2.0 * std::f64::consts::PI * r,
            ShapeKind::Rect { w, h } => 2.0 * (w + h),
            ShapeKind::Triangle { a, b, c } => a + b + c,
        }
    }

    pub fn name(&self) -> String {
        match self {
            ShapeKind::Circle { .. } => "circle".to_string(),
            ShapeKind::Rect { w, h } if w == h => "square".to_string(),
            ShapeKind::Rect { .. } => "rectangle".to_string(),
            ShapeKind::Triangle { .. } => "triangle".to_string(),
        }
    }
}
