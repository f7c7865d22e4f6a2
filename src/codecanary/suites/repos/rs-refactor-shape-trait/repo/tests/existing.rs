use shapes::{describe, total_area, ShapeKind};

#[test]
fn describe_shapes() {
    assert_eq!(describe(&ShapeKind::Rect { w: 2.0, h: 2.0 }), "square: area 4.00, perimeter 8.00");
    assert_eq!(describe(&ShapeKind::Circle { r: 1.0 }), "circle: area 3.14, perimeter 6.28");
    assert_eq!(describe(&ShapeKind::Triangle { a: 3.0, b: 4.0, c: 5.0 }), "triangle: area 6.00, perimeter 12.00");
}

#[test]
fn total() {
    let all = vec![ShapeKind::Rect { w: 2.0, h: 3.0 }, ShapeKind::Triangle { a: 3.0, b: 4.0, c: 5.0 }];
    assert!((total_area(&all) - 12.0).abs() < 1e-9);
}
