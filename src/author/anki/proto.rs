//! Just enough of the protobuf wire format to read the few Anki messages deckard needs: the
//! media map of current packages (`MediaEntries`), note type and template settings, deck and
//! deck-option settings of schema-18 collections, and the package's `meta`.
//!
//! Why not `prost`: it needs the `.proto` files and `prost-build` (with `protoc`) at build time
//! for a handful of fields read by number; the wire format itself is small and fixed (varints
//! and length-prefixed bytes), and every read here is bounded by the input slice.

/// One field's value as the wire format carries it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Value<'a> {
    /// Wire type 0: integers, booleans, enums.
    Varint(u64),
    /// Wire type 1.
    Fixed64(u64),
    /// Wire type 2: strings, bytes, nested messages, packed repeated numbers.
    Bytes(&'a [u8]),
    /// Wire type 5: `float`, `fixed32`.
    Fixed32(u32),
}

/// The fields of one message in wire order: (field number, value).
pub(crate) fn fields(mut buf: &[u8]) -> Result<Vec<(u32, Value<'_>)>, String> {
    let mut out = Vec::new();
    while !buf.is_empty() {
        let key = varint(&mut buf)?;
        let number = u32::try_from(key >> 3).map_err(|_| "field number out of range".to_string())?;
        let value = match key & 7 {
            0 => Value::Varint(varint(&mut buf)?),
            1 => Value::Fixed64(u64::from_le_bytes(
                take(&mut buf, 8)?.try_into().expect("8 bytes"),
            )),
            2 => {
                let len =
                    usize::try_from(varint(&mut buf)?).map_err(|_| "length out of range".to_string())?;
                Value::Bytes(take(&mut buf, len)?)
            }
            5 => Value::Fixed32(u32::from_le_bytes(
                take(&mut buf, 4)?.try_into().expect("4 bytes"),
            )),
            t => return Err(format!("unsupported wire type {t}")),
        };
        out.push((number, value));
    }
    Ok(out)
}

fn take<'a>(buf: &mut &'a [u8], n: usize) -> Result<&'a [u8], String> {
    if buf.len() < n {
        return Err("message ends inside a field".into());
    }
    let (head, rest) = buf.split_at(n);
    *buf = rest;
    Ok(head)
}

fn varint(buf: &mut &[u8]) -> Result<u64, String> {
    let mut v: u64 = 0;
    for shift in (0..64).step_by(7) {
        let (&b, rest) = buf.split_first().ok_or("message ends inside a number")?;
        *buf = rest;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Ok(v);
        }
    }
    Err("a number longer than 10 bytes".into())
}

/// The last value of field `n` as a string (proto3: the last one wins), or "".
pub(crate) fn string<'a>(fs: &[(u32, Value<'a>)], n: u32) -> Result<&'a str, String> {
    match fs.iter().rev().find(|(k, _)| *k == n) {
        Some((_, Value::Bytes(b))) => std::str::from_utf8(b).map_err(|_| format!("field {n} is not UTF-8")),
        Some(_) => Err(format!("field {n} is not a string")),
        None => Ok(""),
    }
}

/// The last value of field `n` as bytes (a nested message), if present.
pub(crate) fn bytes<'a>(fs: &[(u32, Value<'a>)], n: u32) -> Option<&'a [u8]> {
    fs.iter().rev().find_map(|(k, v)| match v {
        Value::Bytes(b) if *k == n => Some(*b),
        _ => None,
    })
}

/// The last value of field `n` as an unsigned integer, or 0.
pub(crate) fn uint(fs: &[(u32, Value<'_>)], n: u32) -> u64 {
    fs.iter()
        .rev()
        .find_map(|(k, v)| match v {
            Value::Varint(x) if *k == n => Some(*x),
            _ => None,
        })
        .unwrap_or(0)
}

/// Field `n` as a `float`, if present.
pub(crate) fn float(fs: &[(u32, Value<'_>)], n: u32) -> Option<f32> {
    fs.iter().rev().find_map(|(k, v)| match v {
        Value::Fixed32(x) if *k == n => Some(f32::from_bits(*x)),
        _ => None,
    })
}

/// Field `n` as `repeated float`, packed or not.
pub(crate) fn floats(fs: &[(u32, Value<'_>)], n: u32) -> Vec<f32> {
    let mut out = Vec::new();
    for (k, v) in fs {
        if *k != n {
            continue;
        }
        match v {
            Value::Fixed32(x) => out.push(f32::from_bits(*x)),
            Value::Bytes(b) => out.extend(
                b.chunks_exact(4)
                    .map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes"))),
            ),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_varints_strings_nested_and_packed_floats() {
        // field 1 = "ab", field 2 = 300, field 3 = { field 1 = 1 }, field 4 = packed [1.5, 2.0]
        let mut buf = vec![0x0a, 2, b'a', b'b', 0x10, 0xac, 0x02, 0x1a, 2, 0x08, 1, 0x22, 8];
        buf.extend_from_slice(&1.5f32.to_le_bytes());
        buf.extend_from_slice(&2.0f32.to_le_bytes());
        let fs = fields(&buf).unwrap();
        assert_eq!(string(&fs, 1).unwrap(), "ab");
        assert_eq!(uint(&fs, 2), 300);
        assert_eq!(uint(&fields(bytes(&fs, 3).unwrap()).unwrap(), 1), 1);
        assert_eq!(floats(&fs, 4), vec![1.5, 2.0]);
        assert_eq!(string(&fs, 9).unwrap(), "");
    }

    #[test]
    fn a_truncated_message_is_an_error_not_a_panic() {
        assert!(fields(&[0x0a, 5, b'a']).is_err());
        assert!(fields(&[0x10, 0xff]).is_err());
        assert!(fields(&[0x0b]).is_err());
    }
}
