//! The text of a `message.attributedBody`: an `NSAttributedString` archived
//! by `NSArchiver` in Apple's "typedstream" format. Since macOS 13 Messages
//! often leaves `message.text` empty and keeps the text only here.
//!
//! The format, as far as this reader needs it:
//! - header: streamer version 4, the signature `streamtyped` (little
//!   endian; `typedstream` is big endian) as a length-prefixed string, then
//!   the system version as an integer;
//! - integers: one signed byte, unless it is a tag: `0x81` an int16 follows,
//!   `0x82` an int32 follows; tags run from `0x80` to `0x91`;
//! - `0x84` starts something new (a string, class or object), `0x85` is
//!   nil, `0x86` ends an object; any other byte where a string, class or
//!   object may start is a reference (`byte - 0x92` indexes what was read);
//! - a value group starts with its type encoding as a shared string (`@`
//!   an object, `+` raw bytes, `i`, `I`, …);
//! - an object is `0x84`, its class chain (each new class: name as a shared
//!   string and a version; the chain ends with nil or a reference), then
//!   value groups until `0x86`.
//!
//! An `NSAttributedString`'s first value is its `NSString`, whose first
//! value (`+`) is the UTF-8 text. That is all the bridge reads.

const TAG_INT16: i8 = -127;
const TAG_INT32: i8 = -126;
const TAG_NEW: i8 = -124;
const TAG_NIL: i8 = -123;
const TAG_END: i8 = -122;
const FIRST_TAG: i8 = -128;
const LAST_TAG: i8 = -111;
/// References count from the byte after the last tag.
const FIRST_REFERENCE: i64 = LAST_TAG as i64 + 1;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("attributedBody: {0}")]
pub struct DecodeError(String);

fn err<T>(msg: impl Into<String>) -> Result<T, DecodeError> {
    Err(DecodeError(msg.into()))
}

/// What the object table holds: classes (by name) and objects.
#[derive(Debug, Clone)]
enum Entry {
    Class(String),
    Object,
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    big_endian: bool,
    /// Shared strings (type encodings, class names), in reading order.
    strings: Vec<&'a [u8]>,
    /// Objects and classes, in reading order (references index it).
    objects: Vec<Entry>,
}

/// The text of an attributedBody blob.
pub fn decode_text(blob: &[u8]) -> Result<String, DecodeError> {
    let mut r = Reader {
        bytes: blob,
        pos: 0,
        big_endian: false,
        strings: Vec::new(),
        objects: Vec::new(),
    };
    r.header()?;
    let encoding = r.shared_string(None)?;
    if encoding != Some(&b"@"[..]) {
        return err("the archive does not hold an object");
    }
    let head = r.head()?;
    r.text_of_object(head, 0)
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        match end {
            Some(end) => {
                let s = &self.bytes[self.pos..end];
                self.pos = end;
                Ok(s)
            }
            None => err(format!("truncated at byte {}", self.pos)),
        }
    }

    fn head(&mut self) -> Result<i8, DecodeError> {
        Ok(self.take(1)?[0].cast_signed())
    }

    fn header(&mut self) -> Result<(), DecodeError> {
        let version = self.take(1)?[0];
        if version != 4 {
            return err(format!("streamer version {version}, expected 4"));
        }
        let len = self.take(1)?[0] as usize;
        match self.take(len)? {
            b"streamtyped" => self.big_endian = false,
            b"typedstream" => self.big_endian = true,
            _ => return err("no typedstream signature"),
        }
        let head = self.head()?;
        self.integer(head)?;
        Ok(())
    }

    /// A signed integer whose head byte was read.
    fn integer(&mut self, head: i8) -> Result<i64, DecodeError> {
        let be = self.big_endian;
        match head {
            TAG_INT16 => {
                let b: [u8; 2] = self
                    .take(2)?
                    .try_into()
                    .map_err(|_| DecodeError("int16".into()))?;
                Ok(i64::from(if be {
                    i16::from_be_bytes(b)
                } else {
                    i16::from_le_bytes(b)
                }))
            }
            TAG_INT32 => {
                let b: [u8; 4] = self
                    .take(4)?
                    .try_into()
                    .map_err(|_| DecodeError("int32".into()))?;
                Ok(i64::from(if be {
                    i32::from_be_bytes(b)
                } else {
                    i32::from_le_bytes(b)
                }))
            }
            h if (FIRST_TAG..=LAST_TAG).contains(&h) => err(format!(
                "tag {:#04x} where an integer belongs",
                h.cast_unsigned()
            )),
            h => Ok(i64::from(h)),
        }
    }

    /// A length: single bytes are unsigned here.
    fn length(&mut self, head: i8) -> Result<usize, DecodeError> {
        let n = match head {
            TAG_INT16 | TAG_INT32 => self.integer(head)?,
            h => self.integer(h)? & 0xff,
        };
        usize::try_from(n).or_else(|_| err(format!("negative length {n}")))
    }

    /// Bytes with a length prefix (no sharing).
    fn unshared_string(&mut self, head: i8) -> Result<&'a [u8], DecodeError> {
        let len = self.length(head)?;
        self.take(len)
    }

    /// A shared string: new (then remembered), a reference, or nil.
    fn shared_string(&mut self, head: Option<i8>) -> Result<Option<&'a [u8]>, DecodeError> {
        let head = match head {
            Some(h) => h,
            None => self.head()?,
        };
        match head {
            TAG_NIL => Ok(None),
            TAG_NEW => {
                let h = self.head()?;
                let s = self.unshared_string(h)?;
                self.strings.push(s);
                Ok(Some(s))
            }
            h => {
                let index = self.integer(h)? - FIRST_REFERENCE;
                match usize::try_from(index)
                    .ok()
                    .and_then(|i| self.strings.get(i))
                {
                    Some(s) => Ok(Some(*s)),
                    None => err(format!("string reference {index} to nothing")),
                }
            }
        }
    }

    /// A class chain; returns the names, most derived first.
    fn class_chain(&mut self) -> Result<Vec<String>, DecodeError> {
        let mut names = Vec::new();
        let mut head = self.head()?;
        while head == TAG_NEW {
            let name = self
                .shared_string(None)?
                .ok_or_else(|| DecodeError("a class without a name".into()))?;
            let name = String::from_utf8_lossy(name).into_owned();
            let h = self.head()?;
            self.integer(h)?; // class version
            self.objects.push(Entry::Class(name.clone()));
            names.push(name);
            head = self.head()?;
        }
        if head != TAG_NIL {
            let index = self.integer(head)? - FIRST_REFERENCE;
            match usize::try_from(index)
                .ok()
                .and_then(|i| self.objects.get(i))
            {
                Some(Entry::Class(name)) => names.push(name.clone()),
                _ => return err(format!("class reference {index} is not a class")),
            }
        }
        Ok(names)
    }

    /// The text of the object starting at `head`: a string's bytes, or the
    /// string inside an attributed string.
    fn text_of_object(&mut self, head: i8, depth: u8) -> Result<String, DecodeError> {
        if depth > 4 {
            return err("objects nested too deeply");
        }
        if head != TAG_NEW {
            return err("the text object is nil or a back reference");
        }
        self.objects.push(Entry::Object);
        let classes = self.class_chain()?;
        let Some(class) = classes.first() else {
            return err("an object without a class");
        };
        let encoding = self.shared_string(None)?;
        if class.contains("AttributedString") {
            if encoding != Some(&b"@"[..]) {
                return err(format!("{class} does not start with its string"));
            }
            let head = self.head()?;
            return self.text_of_object(head, depth + 1);
        }
        if class.ends_with("String") {
            if encoding != Some(&b"+"[..]) {
                return err(format!("{class} does not start with its bytes"));
            }
            let head = self.head()?;
            if head == TAG_END {
                return err(format!("{class} ends before its bytes"));
            }
            let bytes = self.unshared_string(head)?;
            return String::from_utf8(bytes.to_vec()).or_else(|_| err("the text is not UTF-8"));
        }
        err(format!("unexpected class {class}"))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A length or small integer as the archiver writes it (each branch's
    /// range fits its cast).
    #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
    fn int(out: &mut Vec<u8>, n: usize) {
        if n < 0x80 {
            out.push(n as u8);
        } else if n <= i16::MAX as usize {
            out.push(0x81);
            out.extend((n as i16).to_le_bytes());
        } else {
            out.push(0x82);
            out.extend((n as i32).to_le_bytes());
        }
    }

    /// The blob Messages writes for a plain text message: the string, one
    /// attribute run over all of it, and its attribute dictionary
    /// (`__kIMMessagePartAttributeName` → 0).
    pub(crate) fn blob(text: &str) -> Vec<u8> {
        let mut b = vec![0x04, 0x0b];
        b.extend(b"streamtyped");
        b.extend([0x81, 0xe8, 0x03]); // system version 1000
        b.extend([0x84, 0x01, b'@']); // string 0: "@"
        b.push(0x84); // object 0
        b.extend([0x84, 0x84, 0x12]);
        b.extend(b"NSAttributedString"); // class 1, string 1
        b.push(0x00);
        b.extend([0x84, 0x84, 0x08]);
        b.extend(b"NSObject"); // class 2, string 2
        b.push(0x00);
        b.push(0x85); // end of the chain
        b.push(0x92); // "@"
        b.push(0x84); // object 3
        b.extend([0x84, 0x84, 0x08]);
        b.extend(b"NSString"); // class 4, string 3
        b.push(0x01);
        b.push(0x94); // superclass: object 2 (NSObject)
        b.extend([0x84, 0x01, b'+']); // string 4: "+"
        int(&mut b, text.len());
        b.extend(text.as_bytes());
        b.push(0x86); // end of the NSString
        b.extend([0x84, 0x02, b'i', b'I']); // string 5: "iI"
        b.push(0x01);
        int(&mut b, text.encode_utf16().count());
        b.push(0x92); // "@"
        b.push(0x84); // object 5
        b.extend([0x84, 0x84, 0x0c]);
        b.extend(b"NSDictionary"); // class 6, string 6
        b.push(0x00);
        b.push(0x94);
        b.extend([0x84, 0x01, b'i']); // string 7: "i"
        b.push(0x01); // one entry
        b.extend([0x92, 0x84, 0x96, 0x96]); // key: an NSString (class 4), "+"
        b.push(0x1d);
        b.extend(b"__kIMMessagePartAttributeName");
        b.push(0x86);
        b.extend([0x92, 0x84]); // value: object 8, an NSNumber
        b.extend([0x84, 0x84, 0x08]);
        b.extend(b"NSNumber"); // class 9, string 8
        b.push(0x00);
        b.extend([0x84, 0x84, 0x07]);
        b.extend(b"NSValue"); // class 10, string 9
        b.push(0x00);
        b.push(0x94);
        b.extend([0x84, 0x01, b'*']); // string 10: "*"
        b.extend([0x84, 0x99]); // C string "i" (string 7)
        b.extend([0x99, 0x00]); // an "i": 0
        b.extend([0x86, 0x86, 0x86]);
        b
    }

    #[test]
    fn text_comes_out_of_a_real_shaped_blob() {
        assert_eq!(decode_text(&blob("Hello")).unwrap(), "Hello");
        assert_eq!(decode_text(&blob("status")).unwrap(), "status");
        let emoji = "do ship it 🚀 — héllo";
        assert_eq!(decode_text(&blob(emoji)).unwrap(), emoji);
        // Past 127 bytes the length takes the int16 form.
        let long = "x".repeat(5000);
        assert_eq!(decode_text(&blob(&long)).unwrap(), long);
        let placeholder = "\u{FFFC}look at this";
        assert_eq!(decode_text(&blob(placeholder)).unwrap(), placeholder);
        // A quote-heavy line stays exactly what it was.
        let inj = r#"do "; do shell script "rm -rf ~" --"#;
        assert_eq!(decode_text(&blob(inj)).unwrap(), inj);
    }

    #[test]
    fn damaged_blobs_are_errors_not_panics() {
        let good = blob("hello there");
        for cut in 0..good.len() {
            let r = decode_text(&good[..cut]);
            assert!(
                r.is_err() || r.as_deref() == Ok("hello there"),
                "cut {cut}: {r:?}"
            );
        }
        let mut bad = good.clone();
        bad[0] = 3;
        assert!(decode_text(&bad).is_err());
        assert!(decode_text(b"bplist00").is_err());
        assert!(decode_text(&[]).is_err());
        // A length far past the end.
        let mut long = good[..good.iter().position(|&b| b == b'+').unwrap() + 1].to_vec();
        long.extend([0x82, 0xff, 0xff, 0xff, 0x7f]);
        assert!(decode_text(&long).is_err());
        // Every single-byte corruption is handled.
        for i in 0..good.len() {
            for v in [0x00, 0x7f, 0x80, 0x84, 0x85, 0x86, 0x92, 0xff] {
                let mut b = good.clone();
                b[i] = v;
                let _ = decode_text(&b);
            }
        }
    }
}
