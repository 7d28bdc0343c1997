//! How raw answers are kept on disk: each body as one zstd frame.
//!
//! A page of app-API videos is a couple of hundred KB of JSON, most of it url lists; zstd
//! keeps about a tenth of it (docs/benchmarks.md, "Storage"). The format marker is zstd's
//! own magic number at the start of the frame: bytes 28 B5 2F FD, which no UTF-8 text
//! starts with (B5 is a continuation byte), so no JSON, HTML or text answer stored plainly
//! by an older tracker can be taken for a frame. Rows stored before compression therefore
//! still read as they are, and `Store` re-encodes them once (see `archive.rs`).

use thiserror::Error;

/// zstd's level. On app-API pages 1 keeps 11.1% of the bytes at ~280 MB/s; 9 keeps 10.5%
/// at ~23 MB/s and 19 10.1% at 0.5 MB/s (docs/benchmarks.md, "Storage"). The fast end wins:
/// the writer compresses every answer of a fetch on one thread, and the first open after an
/// upgrade compresses a whole history.
pub const LEVEL: i32 = 1;
/// zstd's frame magic number, little-endian.
const MAGIC: [u8; 4] = [0x28, 0xB5, 0x2F, 0xFD];
/// A stored answer never decodes past this: a corrupt frame must not exhaust memory.
const MAX_DECODED: u64 = 256 * 1024 * 1024;

#[derive(Debug, Error)]
pub enum CodecError {
    #[error("could not compress an answer ({0})")]
    Encode(std::io::Error),
    #[error("a stored answer is corrupt: its compressed bytes do not decode ({0})")]
    Corrupt(std::io::Error),
    #[error("a stored answer decodes to more than {} MiB", MAX_DECODED >> 20)]
    TooLarge,
}

/// The bytes to store for `body`. Every body is framed, even one that would not shrink, so
/// that a body which itself begins with the magic number is never mistaken on reading.
pub fn encode(body: &[u8]) -> Result<Vec<u8>, CodecError> {
    zstd::bulk::compress(body, LEVEL).map_err(CodecError::Encode)
}

/// Whether `stored` is in the compressed format (else it is a body stored as received).
pub fn is_encoded(stored: &[u8]) -> bool {
    stored.starts_with(&MAGIC)
}

/// The answer exactly as received, from what `encode` stored or from a plain legacy row.
pub fn decode(stored: &[u8]) -> Result<Vec<u8>, CodecError> {
    if !is_encoded(stored) {
        return Ok(stored.to_vec());
    }
    // `encode` records the size in the frame: one allocation, one pass.
    if let Ok(Some(size)) = zstd::zstd_safe::get_frame_content_size(stored) {
        if size > MAX_DECODED {
            return Err(CodecError::TooLarge);
        }
        return zstd::bulk::decompress(stored, size as usize).map_err(CodecError::Corrupt);
    }
    use std::io::Read;
    let decoder = zstd::stream::read::Decoder::with_buffer(stored).map_err(CodecError::Corrupt)?;
    let mut out = Vec::new();
    decoder
        .take(MAX_DECODED + 1)
        .read_to_end(&mut out)
        .map_err(CodecError::Corrupt)?;
    if out.len() as u64 > MAX_DECODED {
        return Err(CodecError::TooLarge);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_is_exact() {
        for body in [
            &b""[..],
            b"{}",
            b"  {\"data\": {\"aweme_list\": []}}\n",
            &[0xFF, 0x00, 0x28, 0xB5, 0x2F, 0xFD],
        ] {
            let stored = encode(body).unwrap();
            assert!(is_encoded(&stored));
            assert_eq!(decode(&stored).unwrap(), body);
        }
    }

    #[test]
    fn a_body_that_starts_like_a_frame_still_round_trips() {
        let body = encode(b"inner").unwrap();
        assert_eq!(decode(&encode(&body).unwrap()).unwrap(), body);
    }

    #[test]
    fn a_frame_without_its_size_still_decodes() {
        let body = b"{\"data\": []}".repeat(10);
        let streamed = zstd::stream::encode_all(&body[..], LEVEL).unwrap();
        assert_eq!(decode(&streamed).unwrap(), body);
    }

    #[test]
    fn plain_legacy_rows_read_as_they_are() {
        let body = b"{\"data\": 1}".to_vec();
        assert!(!is_encoded(&body));
        assert_eq!(decode(&body).unwrap(), body);
        assert_eq!(decode(b"").unwrap(), b"");
    }

    #[test]
    fn a_corrupt_frame_is_an_error_not_garbage() {
        let mut stored = encode(&b"{\"x\": 1}".repeat(100)).unwrap();
        stored.truncate(stored.len() / 2);
        assert!(matches!(decode(&stored), Err(CodecError::Corrupt(_))));
        assert!(decode(&MAGIC).is_err());
    }

    #[test]
    fn repetitive_json_shrinks() {
        let body = br#"{"url_list": ["https://p16-sign-va.tiktokcdn.com/obj/x.jpeg"]}"#.repeat(200);
        assert!(encode(&body).unwrap().len() * 10 < body.len());
    }
}
