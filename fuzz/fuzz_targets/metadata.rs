//! Fuzz metadata.json parsing: no panic on any text, and an accepted object
//! written back out parses to the same map in the same key order.
//!
//! Floats are compared to within rounding: serde_json (without its
//! `float_roundtrip` feature) may read a float back one unit in the last
//! place off, so an edit must never rewrite metadata through `Value`.

#![no_main]

use draft_model::metadata::Metadata;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
            x == y || (x - y).abs() <= 4.0 * f64::EPSILON * x.abs().max(y.abs())
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((ka, va), (kb, vb))| ka == kb && same(va, vb))
        }
        _ => a == b,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = draft_model::text::decode(data.to_vec()) else { return };
    let Ok(meta) = Metadata::parse(&text, "metadata.json") else { return };
    let _ = (meta.id(), meta.title(), meta.status(), meta.kind(), meta.counter("tasks"));
    let written = serde_json::to_string(&meta.map).expect("a map serialises");
    let again = Metadata::parse(&written, "metadata.json").expect("written JSON parses");
    assert!(same(&Value::Object(again.map), &Value::Object(meta.map)), "{text}");
});
