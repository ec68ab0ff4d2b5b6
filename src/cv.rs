//! CV files to text: what `rolemap fit` reads, as the theme's `cv-file.js`
//! does in the browser.
//!
//! A CV arrives as plain text or Markdown (`.txt`, `.md`), a PDF or a Word
//! file (`.docx`); the extension decides, and a file without one is
//! recognised by its first bytes. Every input is bounded before it costs
//! anything: the file is at most [`MAX_CV_BYTES`], a Word file's text part
//! at most [`MAX_XML_BYTES`] unpacked (a zip bomb stops there), a PDF's
//! streams at most [`MAX_PDF_STREAM_BYTES`] each and [`MAX_PDF_OBJECT_BYTES`]
//! together, and at most [`MAX_PDF_PAGES`] pages are read. An encrypted PDF
//! is refused before it is parsed (lopdf would decrypt one that opens
//! without a password, and decrypted documents skip the object budget). The
//! PDF parser runs inside `catch_unwind`, so a parser bug on a hostile file
//! is an error, not a crash (see docs/design.md, "CV files").

use std::cell::Cell;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest CV file read: 10 MB (MiB), the same bound as the browser's.
pub const MAX_CV_BYTES: u64 = 10 * 1024 * 1024;

/// Largest unpacked `word/document.xml` of a Word file.
pub const MAX_XML_BYTES: u64 = 16 * 1024 * 1024;

/// Most XML nodes a Word file's text part may have (about 100 bytes each in memory).
const MAX_XML_NODES: u32 = 1_000_000;

/// Largest unpacked PDF stream (a page's content, an object stream).
pub const MAX_PDF_STREAM_BYTES: usize = 16 * 1024 * 1024;

/// Most bytes a PDF's parsed objects may hold together.
pub const MAX_PDF_OBJECT_BYTES: usize = 128 * 1024 * 1024;

/// Most PDF pages read: a CV has a few.
pub const MAX_PDF_PAGES: usize = 50;

/// What a CV file holds, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Plain text or Markdown.
    Text,
    /// A PDF.
    Pdf,
    /// A Word file (Office Open XML).
    Docx,
}

impl Kind {
    /// The kind a file name's extension names; `Ok(None)` for no extension,
    /// `Err(extension)` for one rolemap does not read.
    pub fn of(path: &Path) -> Result<Option<Kind>, String> {
        let Some(extension) = path.extension() else {
            return Ok(None);
        };
        let extension = extension.to_string_lossy().to_lowercase();
        match extension.as_str() {
            "txt" | "text" | "md" | "markdown" => Ok(Some(Kind::Text)),
            "pdf" => Ok(Some(Kind::Pdf)),
            "docx" => Ok(Some(Kind::Docx)),
            _ => Err(extension),
        }
    }

    /// The kind of a file without an extension, from its first bytes.
    pub fn sniff(bytes: &[u8]) -> Kind {
        if bytes.starts_with(b"%PDF-") {
            Kind::Pdf
        } else if bytes.starts_with(b"PK\x03\x04") {
            Kind::Docx
        } else {
            Kind::Text
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Text => "text file",
            Kind::Pdf => "PDF",
            Kind::Docx => "Word file",
        }
    }
}

/// Why a CV file gave no text.
#[derive(Debug, thiserror::Error)]
pub enum CvError {
    /// The file could not be opened or read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// A FIFO, socket, device or folder.
    #[error("{} is not a regular file", path.display())]
    NotRegular {
        /// The path.
        path: PathBuf,
    },
    /// Over [`MAX_CV_BYTES`].
    #[error("{} is {size} bytes; rolemap reads CV files of up to 10 MB", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
    },
    /// More than [`MAX_CV_BYTES`] on standard input.
    #[error("standard input holds more than 10 MB; rolemap reads CVs of up to 10 MB")]
    InputTooLarge,
    /// An extension rolemap does not read.
    #[error("{} is a .{extension} file, which rolemap cannot read", path.display())]
    UnknownKind {
        /// The file.
        path: PathBuf,
        /// Its extension, lower case.
        extension: String,
    },
    /// A PDF or Word file that holds no text: a scan, or only images.
    #[error("{} has no text, only images (a scanned {}?)", path.display(), kind.name())]
    NoText {
        /// The file.
        path: PathBuf,
        /// PDF or Word.
        kind: Kind,
    },
    /// An encrypted PDF or a password-protected Word file.
    #[error("{} is encrypted (protected by a password or against copying)", path.display())]
    Encrypted {
        /// The file.
        path: PathBuf,
    },
    /// Not the PDF or Word file its name says.
    #[error("{} is not a readable {}: {reason}", path.display(), kind.name())]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What it should have been.
        kind: Kind,
        /// What the reader found.
        reason: String,
    },
}

impl CvError {
    /// How to proceed, for the message's hint.
    pub fn hint(&self) -> &'static str {
        match self {
            CvError::Read { .. } | CvError::NotRegular { .. } => "check the path, or pipe the text in with `-`",
            CvError::TooLarge { .. } | CvError::InputTooLarge => "a CV is rarely over 1 MB: export it again without large images, or save it as plain text",
            CvError::UnknownKind { extension, .. } if extension == "doc" => "this is the old Word format: save it as .docx or PDF, or paste the text into a .txt file",
            CvError::UnknownKind { .. } => "save the CV as PDF, Word (.docx), plain text (.txt) or Markdown (.md)",
            CvError::NoText { .. } => "export the CV from the program it was written in (not a scan), or copy its text into a .txt file",
            CvError::Encrypted { .. } => "save or print it as a new PDF without protection, or copy its text into a .txt file",
            CvError::Corrupt { .. } => "open it and save it again (or export it as PDF), or copy its text into a .txt file",
        }
    }
}

/// The text of the CV file at `path`: text and Markdown as they are, the
/// text of a PDF's pages, or of a Word file's paragraphs, one per line.
pub fn read(path: &Path) -> Result<String, CvError> {
    let kind = Kind::of(path).map_err(|extension| CvError::UnknownKind {
        path: path.to_path_buf(),
        extension,
    })?;
    let bytes = read_bounded(path)?;
    let kind = kind.unwrap_or_else(|| Kind::sniff(&bytes));
    text_of(&bytes, kind).map_err(|fault| fault.at(path, kind))
}

/// What went wrong inside a file, before the error names it.
#[derive(Debug)]
pub enum Fault {
    /// No text in it.
    NoText,
    /// Encrypted.
    Encrypted,
    /// Broken, with what the reader said.
    Corrupt(String),
}

impl Fault {
    /// The error for the file at `path` of `kind`.
    pub fn at(self, path: &Path, kind: Kind) -> CvError {
        let path = path.to_path_buf();
        match self {
            Fault::NoText => CvError::NoText { path, kind },
            Fault::Encrypted => CvError::Encrypted { path },
            Fault::Corrupt(reason) => CvError::Corrupt { path, kind, reason },
        }
    }
}

/// The text of a CV's bytes of a known kind.
pub fn text_of(bytes: &[u8], kind: Kind) -> Result<String, Fault> {
    match kind {
        Kind::Text => Ok(decode_text(bytes)),
        Kind::Pdf => pdf_text(bytes),
        Kind::Docx => docx_text(bytes),
    }
}

/// The text piped in on standard input (`rolemap fit -`), as text, at most
/// [`MAX_CV_BYTES`] of it.
pub fn read_input(input: impl Read) -> Result<String, CvError> {
    let mut bytes = Vec::new();
    input
        .take(MAX_CV_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| CvError::Read {
            path: PathBuf::from("standard input"),
            source,
        })?;
    if bytes.len() as u64 > MAX_CV_BYTES {
        return Err(CvError::InputTooLarge);
    }
    Ok(decode_text(&bytes))
}

/// Reads at most [`MAX_CV_BYTES`] of a regular file.
fn read_bounded(path: &Path) -> Result<Vec<u8>, CvError> {
    let cannot = |source| CvError::Read {
        path: path.to_path_buf(),
        source,
    };
    let metadata = std::fs::metadata(path).map_err(cannot)?;
    if !metadata.is_file() {
        return Err(CvError::NotRegular {
            path: path.to_path_buf(),
        });
    }
    let too_large = |size| CvError::TooLarge {
        path: path.to_path_buf(),
        size,
    };
    if metadata.len() > MAX_CV_BYTES {
        return Err(too_large(metadata.len()));
    }
    let mut bytes = Vec::new();
    // Bounded even if the file grows while it is read.
    std::fs::File::open(path)
        .map_err(cannot)?
        .take(MAX_CV_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_CV_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Text in UTF-8 (a byte-order mark dropped, invalid bytes replaced) or
/// UTF-16, which Windows editors still write. Unlike a role file, a CV is
/// the visitor's, so an odd encoding is read rather than refused.
pub fn decode_text(bytes: &[u8]) -> String {
    match crate::load::walk::utf16(bytes) {
        Some(endian) => {
            let big = endian == "big-endian";
            let units = bytes.chunks_exact(2).map(|pair| {
                let pair = [pair[0], pair[1]];
                if big {
                    u16::from_be_bytes(pair)
                } else {
                    u16::from_le_bytes(pair)
                }
            });
            let text: String = char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect();
            text.strip_prefix('\u{FEFF}').unwrap_or(&text).to_owned()
        }
        None => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            String::from_utf8_lossy(bytes).into_owned()
        }
    }
}

/// Whether a text has anything a reader would call text.
fn has_text(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

thread_local! {
    /// Bytes the PDF being loaded on this thread may still keep in objects.
    /// lopdf's filter is a plain `fn`, so the budget lives here; lopdf is
    /// built without its `rayon` feature, so it loads on this thread.
    static PDF_BUDGET: Cell<usize> = const { Cell::new(0) };
}

/// About how many bytes `object` keeps in memory.
fn object_bytes(object: &lopdf::Object) -> usize {
    use lopdf::Object;
    let entries = |dict: &lopdf::Dictionary| {
        dict.iter()
            .map(|(key, value)| 16 + key.len() + object_bytes(value))
            .sum::<usize>()
    };
    16 + match object {
        Object::Name(bytes) | Object::String(bytes, _) => bytes.len(),
        Object::Array(items) => items.iter().map(object_bytes).sum(),
        Object::Dictionary(dict) => entries(dict),
        Object::Stream(stream) => stream.content.len() + entries(&stream.dict),
        _ => 0,
    }
}

/// lopdf's load filter: keeps objects while the budget lasts, then drops
/// every further one (and the budget stays at 0, which `pdf_text` reports).
fn within_budget(
    id: lopdf::ObjectId,
    object: &mut lopdf::Object,
) -> Option<(lopdf::ObjectId, lopdf::Object)> {
    let cost = object_bytes(object);
    PDF_BUDGET.with(|budget| {
        let left = budget.get();
        if cost >= left {
            budget.set(0);
            None
        } else {
            budget.set(left - cost);
            // lopdf keeps either `object` (a top-level object) or what is
            // returned (a member of an object stream), so both stay whole.
            Some((id, object.clone()))
        }
    })
}

/// Whether the raw PDF names an `/Encrypt` dictionary anywhere outside a
/// compressed stream, which is where a trailer keeps it. Names may spell
/// characters as `#xx`, so each name is decoded before it is compared.
fn names_encrypt(bytes: &[u8]) -> bool {
    let mut at = 0;
    while let Some(found) = bytes[at..].iter().position(|&b| b == b'/') {
        let start = at + found + 1;
        let mut name = Vec::with_capacity(8);
        let mut i = start;
        while i < bytes.len() && name.len() <= 8 {
            let b = bytes[i];
            if b.is_ascii_whitespace() || b"/[]<>(){}%".contains(&b) {
                break;
            }
            let hex = |b: u8| (b as char).to_digit(16);
            match (b, bytes.get(i + 1).copied(), bytes.get(i + 2).copied()) {
                (b'#', Some(hi), Some(lo)) if hex(hi).is_some() && hex(lo).is_some() => {
                    name.push((hex(hi).unwrap_or(0) * 16 + hex(lo).unwrap_or(0)) as u8);
                    i += 3;
                }
                _ => {
                    name.push(b);
                    i += 1;
                }
            }
        }
        if name == b"Encrypt" {
            return true;
        }
        at = start;
    }
    false
}

/// The text of a PDF's pages, through lopdf.
fn pdf_text(bytes: &[u8]) -> Result<String, Fault> {
    // As readers allow, the header may follow some junk within the first 1 KB.
    if !bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        return Err(Fault::Corrupt("it does not start as a PDF does".into()));
    }
    if names_encrypt(bytes) {
        return Err(Fault::Encrypted);
    }
    let extract = || {
        PDF_BUDGET.with(|budget| budget.set(MAX_PDF_OBJECT_BYTES));
        let options = lopdf::LoadOptions {
            filter: Some(within_budget),
            max_decompressed_size: Some(MAX_PDF_STREAM_BYTES),
            ..lopdf::LoadOptions::default()
        };
        let document = lopdf::Document::load_mem_with_options(bytes, options)
            .map_err(|err| Fault::Corrupt(err.to_string()))?;
        if PDF_BUDGET.with(Cell::get) == 0 {
            return Err(Fault::Corrupt(format!(
                "its objects unpack to more than {} MB",
                MAX_PDF_OBJECT_BYTES >> 20
            )));
        }
        if document.is_encrypted() {
            return Err(Fault::Encrypted);
        }
        let pages: Vec<u32> = document
            .get_pages()
            .into_keys()
            .take(MAX_PDF_PAGES)
            .collect();
        if pages.is_empty() {
            return Err(Fault::Corrupt("it has no pages".into()));
        }
        let mut text = String::new();
        for page in pages {
            // A page that cannot be read (an unknown font encoding, say)
            // should not cost the rest of the CV.
            if let Ok(page_text) = document.extract_text_with_limit(&[page], MAX_PDF_STREAM_BYTES) {
                text.push_str(&page_text);
            }
        }
        Ok(text)
    };
    // lopdf returns errors for what it recognises as broken, but as a
    // parser of hostile bytes it may still panic somewhere; that must be
    // this file's error, not the end of the program.
    let text = std::panic::catch_unwind(std::panic::AssertUnwindSafe(extract))
        .unwrap_or_else(|_| Err(Fault::Corrupt("the PDF reader failed on it".into())))?;
    if has_text(&text) {
        Ok(text)
    } else {
        Err(Fault::NoText)
    }
}

/// The text of a Word file: `word/document.xml`'s paragraphs, one per line,
/// with tabs and line breaks.
fn docx_text(bytes: &[u8]) -> Result<String, Fault> {
    // A password-protected Word file is not a zip but an OLE compound file
    // (as is the old .doc format, when renamed).
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(Fault::Encrypted);
    }
    let corrupt = |err: &dyn std::fmt::Display| Fault::Corrupt(err.to_string());
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|err| corrupt(&err))?;
    let mut xml = Vec::new();
    match archive.by_name("word/document.xml") {
        Ok(part) => part
            .take(MAX_XML_BYTES + 1)
            .read_to_end(&mut xml)
            .map_err(|err| corrupt(&err))?,
        Err(zip::result::ZipError::UnsupportedArchive(why))
            if why == zip::result::ZipError::PASSWORD_REQUIRED =>
        {
            return Err(Fault::Encrypted)
        }
        Err(zip::result::ZipError::FileNotFound) => {
            return Err(Fault::Corrupt("it has no word/document.xml".into()))
        }
        Err(err) => return Err(corrupt(&err)),
    };
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(Fault::Corrupt(format!(
            "its text part unpacks to more than {} MB",
            MAX_XML_BYTES >> 20
        )));
    }
    let xml = std::str::from_utf8(&xml).map_err(|err| corrupt(&err))?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_XML_NODES,
        ..roxmltree::ParsingOptions::default()
    };
    let document =
        roxmltree::Document::parse_with_options(xml, options).map_err(|err| corrupt(&err))?;
    let text = paragraphs(&document);
    if has_text(&text) {
        Ok(text)
    } else {
        Err(Fault::NoText)
    }
}

/// WordprocessingML's text in document order: `w:t` runs, `w:tab` as a
/// tab, `w:br` and `w:cr` as line breaks, each `w:p` on a line of its own.
/// Text in `mc:Fallback` repeats the `mc:Choice` beside it and is skipped.
fn paragraphs(document: &roxmltree::Document) -> String {
    let word = |node: &roxmltree::Node| {
        node.tag_name()
            .namespace()
            .is_some_and(|ns| ns.contains("wordprocessingml"))
    };
    let mut text = String::new();
    let new_line = |text: &mut String| {
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
    };
    for node in document.descendants().filter(|n| n.is_element() && word(n)) {
        match node.tag_name().name() {
            "p" => new_line(&mut text),
            "t" if !node.ancestors().any(|a| a.tag_name().name() == "Fallback") => {
                text.extend(node.children().filter_map(|child| child.text()));
            }
            "tab" if node.parent().is_some_and(|p| p.tag_name().name() == "r") => text.push('\t'),
            "br" | "cr" => text.push('\n'),
            _ => {}
        }
    }
    new_line(&mut text);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_the_extension() {
        assert_eq!(Kind::of(Path::new("cv.PDF")), Ok(Some(Kind::Pdf)));
        assert_eq!(Kind::of(Path::new("cv.md")), Ok(Some(Kind::Text)));
        assert_eq!(Kind::of(Path::new("cv")), Ok(None));
        assert_eq!(Kind::of(Path::new("cv.doc")), Err("doc".to_owned()));
        assert_eq!(Kind::sniff(b"%PDF-1.7"), Kind::Pdf);
        assert_eq!(Kind::sniff(b"PK\x03\x04"), Kind::Docx);
    }

    #[test]
    fn text_in_any_encoding() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFRust"), "Rust");
        let utf16: Vec<u8> = "\u{FEFF}Rust, Go"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode_text(&utf16), "Rust, Go");
        assert_eq!(decode_text(b"caf\xE9"), "caf\u{FFFD}");
    }

    #[test]
    fn encrypt_is_found_however_it_is_spelled() {
        assert!(names_encrypt(b"trailer << /Encrypt 5 0 R >>"));
        assert!(names_encrypt(b"<</Root 1 0 R/Encr#79pt 5 0 R>>"));
        assert!(!names_encrypt(b"<</Root 1 0 R/EncryptMe 5 0 R>>"));
        assert!(!names_encrypt(b"/Type /Page"));
    }

    #[test]
    fn paragraphs_tabs_and_breaks() {
        let xml = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
            <w:p><w:r><w:t>Skills:</w:t><w:tab/><w:t xml:space="preserve">Rust, </w:t></w:r><w:r><w:t>Go</w:t></w:r></w:p>
            <w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>Line one</w:t><w:br/><w:t>line two</w:t></w:r></w:p>
            <w:p/><w:p><w:r><w:t>Last &amp; final</w:t></w:r></w:p></w:body></w:document>"#;
        let document = roxmltree::Document::parse(xml).unwrap();
        assert_eq!(
            paragraphs(&document),
            "Skills:\tRust, Go\nLine one\nline two\nLast & final\n"
        );
    }
}
