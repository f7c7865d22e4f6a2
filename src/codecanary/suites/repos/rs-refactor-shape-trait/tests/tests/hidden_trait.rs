use shapes::{describe, total_area, Circle, Rect, Shape, Triangle};

struct Hexagon {
    side: f64,
}

impl Shape for Hexagon {
    fn area(&self) -> f64 {
        3.0 * 3f64.sqrt() / 2.0 * self.side * self.side
    }
    fn perimeter(&self) -> f64 {
        6.0 * self.side
    }
    fn name(&self) -> String {
        "hexagon".into()
    }
}

#[test]
fn builtins() {
    assert_eq!(describe(&Rect { w: 2.0, h: 3.5 }), "rectangle: area 7.00, perimeter 11.00");
    assert_eq!(describe(&Circle { r: 2.0 }), "circle: area 12.57, perimeter 12.57");
    assert_eq!(describe(&Triangle { a: 5.0, b: 5.0, c: 6.0 }), "triangle: area 12.00, perimeter 16.00");
    assert_eq!(Rect { w: 3.0, h: 3.0 }.name(), "square");
}

#[test]
fn plugin_shape() {
    let h = Hexagon { side: 2.0 };
    assert_eq!(describe(&h), "hexagon: area 10.39, perimeter 12.00");
    let all: Vec<Box<dyn Shape>> = vec![Box::new(h), Box::new(Rect { w: 1.0, h: 4.0 }), Box::new(Circle { r: 0.0 })];
    assert!((total_area(&all) - (6.0 * 3f64.sqrt() + 4.0)).abs() < 1e-9);
    let empty: Vec<Box<dyn Shape>> = Vec::new();
    assert_eq!(total_area(&empty), 0.0);
}
