//! `rolemap fit` on CV files: PDF and Word give what their text pasted
//! gives, and every unreadable file is one message with a hint, exit 1.
//!
//! The PDFs and Word files are made here (a PDF written by hand, encrypted
//! through lopdf; Word files through the zip crate), except `tests/cv/cv.pdf`,
//! Chromium's print of `tests/cv/cv.html` (see `tests/cv/README.md`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::common::TestSite;

/// The repository's own site, whose shipped roles the CVs are scored against.
fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/cv").join(name)
}

/// `rolemap fit` on the shipped roles with `args`, `stdin` piped in.
fn fit(args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolemap"))
        .args([
            "fit",
            "--root",
            repo().to_str().unwrap(),
            "--color",
            "never",
        ])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The JSON ranking of the CV file at `path`.
fn fit_file(path: &Path) -> String {
    let out = fit(&[path.to_str().unwrap(), "--json"], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The JSON ranking of `text` pasted (standard input).
fn fit_pasted(text: &str) -> String {
    let out = fit(&["-", "--json"], text);
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The message of a failing `fit` on `path`: exit 1, no panic.
fn refused(path: &Path) -> String {
    let out = fit(&[path.to_str().unwrap()], "");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("hint:"), "{stderr}");
    stderr
}

/// A one-page PDF whose page draws `content` (Helvetica as font `F1`),
/// written by hand as the smallest valid file.
fn pdf(content: &str) -> Vec<u8> {
    let bodies = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len() + 1),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in bodies.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", bodies.len() + 1).bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] >>\nstartxref\n{xref}\n%%EOF\n",
            bodies.len() + 1
        )
        .bytes(),
    );
    out
}

/// A content stream showing each line of `text` on a line of its own.
fn text_content(text: &str) -> String {
    let mut content = String::from("BT /F1 11 Tf 14 TL 50 800 Td\n");
    for line in text.lines() {
        let escaped = line
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        content.push_str(&format!("({escaped}) Tj T*\n"));
    }
    content.push_str("ET");
    content
}

/// A Word file whose `word/document.xml` is `xml`, deflated.
fn docx(xml: &str) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", deflated).unwrap();
    zip.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#).unwrap();
    zip.start_file("word/document.xml", deflated).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap();
    out.into_inner()
}

/// WordprocessingML for `text`: a paragraph per line, tabs as `w:tab`.
fn document_xml(text: &str) -> String {
    let mut body = String::new();
    for line in text.lines() {
        body.push_str("<w:p><w:r>");
        for (i, part) in line.split('\t').enumerate() {
            if i > 0 {
                body.push_str("<w:tab/>");
            }
            let escaped = part.replace('&', "&amp;").replace('<', "&lt;");
            body.push_str(&format!(r#"<w:t xml:space="preserve">{escaped}</w:t>"#));
        }
        body.push_str("</w:r></w:p>");
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    )
}

fn cv_text() -> String {
    std::fs::read_to_string(fixture("cv.txt")).unwrap()
}

#[test]
fn a_chromium_pdf_scores_as_its_text_pasted() {
    let pasted = fit_pasted(&cv_text());
    assert!(pasted.contains("\"backend-developer\""));
    assert_eq!(fit_file(&fixture("cv.pdf")), pasted);
}

#[test]
fn a_written_pdf_and_a_word_file_score_as_their_text_pasted() {
    let site = TestSite::new();
    let text = cv_text();
    site.write("cv.md", &text);
    let pdf_path = site.root().join("cv.pdf");
    std::fs::write(&pdf_path, pdf(&text_content(&text))).unwrap();
    let docx_path = site.root().join("CV.DOCX");
    std::fs::write(&docx_path, docx(&document_xml(&text))).unwrap();
    let pasted = fit_pasted(&text);
    assert_eq!(fit_file(&pdf_path), pasted);
    assert_eq!(fit_file(&docx_path), pasted);
    assert_eq!(fit_file(&site.root().join("cv.md")), pasted);
    // Without an extension, the first bytes tell.
    let bare = site.root().join("cv");
    std::fs::copy(&docx_path, &bare).unwrap();
    assert_eq!(fit_file(&bare), pasted);
}

#[test]
fn a_utf16_text_file_is_read() {
    let site = TestSite::new();
    let text = cv_text();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let path = site.root().join("cv.txt");
    std::fs::write(&path, utf16).unwrap();
    assert_eq!(fit_file(&path), fit_pasted(&text));
}

#[test]
fn a_scanned_pdf_has_no_text() {
    let site = TestSite::new();
    let path = site.root().join("scan.pdf");
    // Only drawing, as a scan has only an image.
    std::fs::write(&path, pdf("0 0 m 500 700 l S")).unwrap();
    let message = refused(&path);
    assert!(
        message.contains("has no text, only images (a scanned PDF?)"),
        "{message}"
    );
    assert!(message.contains("not a scan"), "{message}");
}

#[test]
fn encrypted_pdfs_are_refused_with_or_without_a_password() {
    use lopdf::encryption::{EncryptionState, EncryptionVersion, Permissions};
    let site = TestSite::new();
    for (name, user_password) in [("locked.pdf", "secret"), ("no-copying.pdf", "")] {
        let mut document =
            lopdf::Document::load_mem(&pdf(&text_content("Python and Django"))).unwrap();
        let state = EncryptionState::try_from(EncryptionVersion::V2 {
            document: &document,
            owner_password: "owner",
            user_password,
            key_length: 128,
            permissions: Permissions::PRINTABLE,
        })
        .unwrap();
        document.encrypt(&state).unwrap();
        let path = site.root().join(name);
        document.save(&path).unwrap();
        let message = refused(&path);
        assert!(message.contains("is encrypted"), "{name}: {message}");
        assert!(message.contains("without protection"), "{message}");
    }
}

#[test]
fn a_password_protected_word_file_is_refused() {
    let site = TestSite::new();
    let path = site.root().join("locked.docx");
    // Word saves a protected file as an OLE compound file, not a zip.
    let mut bytes = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    bytes.resize(4096, 0);
    std::fs::write(&path, bytes).unwrap();
    assert!(refused(&path).contains("is encrypted"));
}

#[test]
fn corrupt_files_are_named_as_such() {
    let site = TestSite::new();
    let cases: [(&str, &[u8], &str); 4] = [
        (
            "broken.pdf",
            b"%PDF-1.7\n1 0 obj << /Type /Catalog",
            "is not a readable PDF",
        ),
        (
            "letter.pdf",
            b"Dear hiring manager",
            "is not a readable PDF",
        ),
        (
            "broken.docx",
            b"PK\x03\x04 not really a zip",
            "is not a readable Word file",
        ),
        (
            "plain.docx",
            b"Python developer",
            "is not a readable Word file",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = site.root().join(name);
        std::fs::write(&path, bytes).unwrap();
        let message = refused(&path);
        assert!(message.contains(expected), "{name}: {message}");
        assert!(message.contains("save it again"), "{message}");
    }
    // A zip that is not a Word document.
    let path = site.root().join("archive.docx");
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    zip.start_file("notes.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"Python").unwrap();
    zip.finish().unwrap();
    std::fs::write(&path, out.into_inner()).unwrap();
    assert!(refused(&path).contains("it has no word/document.xml"));
}

#[test]
fn an_empty_word_file_has_no_text() {
    let site = TestSite::new();
    let path = site.root().join("empty.docx");
    std::fs::write(&path, docx(&document_xml(""))).unwrap();
    assert!(refused(&path).contains("has no text"));
}

#[test]
fn a_word_zip_bomb_stops_at_the_bound() {
    let site = TestSite::new();
    let path = site.root().join("bomb.docx");
    // 17 MiB of XML that deflates to a few kilobytes.
    let padding = " ".repeat(17 << 20);
    let xml = format!(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{padding}<w:body><w:p><w:r><w:t>Python</w:t></w:r></w:p></w:body></w:document>"#
    );
    let bytes = docx(&xml);
    assert!(bytes.len() < 1 << 20);
    std::fs::write(&path, bytes).unwrap();
    let message = refused(&path);
    assert!(message.contains("unpacks to more than 16 MB"), "{message}");
}

#[test]
fn a_file_over_10_mb_is_refused_before_it_is_read() {
    let site = TestSite::new();
    let path = site.root().join("huge.pdf");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(10 * 1024 * 1024 + 1).unwrap();
    let message = refused(&path);
    assert!(
        message.contains("is 10485761 bytes; rolemap reads CV files of up to 10 MB"),
        "{message}"
    );
}

#[test]
fn unknown_extensions_say_what_rolemap_reads() {
    let site = TestSite::new();
    site.write("cv.doc", "old Word");
    site.write("cv.odt", "OpenDocument");
    let message = refused(&site.root().join("cv.doc"));
    assert!(
        message.contains("is a .doc file, which rolemap cannot read"),
        "{message}"
    );
    assert!(
        message.contains("old Word format: save it as .docx"),
        "{message}"
    );
    let message = refused(&site.root().join("cv.odt"));
    assert!(
        message.contains("PDF, Word (.docx), plain text (.txt) or Markdown (.md)"),
        "{message}"
    );
    assert!(refused(&site.root().join("missing.pdf")).contains("cannot read"));
}
