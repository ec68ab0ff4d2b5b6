// rolemap readiness checker, CV files to text in the browser: .txt and .md
// as they are, .docx through a small zip reader on DecompressionStream, .pdf
// through pdf.js (vendor/pdfjs/, loaded only when a PDF is chosen). The same
// rules as rolemap fit's src/cv.rs, so a file gives the same text in both;
// the file never leaves the page. The only module syntax is `export` in front
// of top-level declarations, so rolemap can join this file into
// assets/checker.classic.js.

// Largest CV file read: 10 MB (MiB), as in rolemap fit.
const MAX_CV_BYTES = 10 * 1024 * 1024;
// Largest unpacked word/document.xml, as in rolemap fit: a zip bomb stops here.
const MAX_XML_BYTES = 16 * 1024 * 1024;
// Most PDF pages read: a CV has a few.
const MAX_PDF_PAGES = 50;

// A file that gave no text; `code` names the message in the page's strings
// (data-msg-<code> on the file input).
export class CvFileError extends Error {
  constructor(code, detail) {
    super(code + (detail ? ': ' + detail : ''));
    this.code = code;
  }
}

function kindOf(file) {
  const extension = /\.([^./\\]+)$/.exec(file.name);
  const name = extension ? extension[1].toLowerCase() : '';
  if (['txt', 'text', 'md', 'markdown'].includes(name)) return 'text';
  if (name === 'pdf') return 'pdf';
  if (name === 'docx') return 'docx';
  if (!name && /^text\//.test(file.type)) return 'text';
  return null;
}

const hasText = (text) => /[\p{Alphabetic}\p{N}]/u.test(text);

const startsWith = (bytes, prefix) => prefix.every((byte, i) => bytes[i] === byte);

// 'utf-16le' or 'utf-16be' when the bytes look like UTF-16 (a byte-order
// mark, or the NUL bytes every ASCII character has), as rolemap fit tells.
function utf16(bytes) {
  if (startsWith(bytes, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(bytes, [0xfe, 0xff])) return 'utf-16be';
  const sample = bytes.subarray(0, Math.min(bytes.length, 512) & ~1);
  if (sample.length < 4) return null;
  let even = 0;
  let odd = 0;
  sample.forEach((b, i) => {
    if (b === 0) i % 2 ? odd++ : even++;
  });
  const pairs = sample.length / 2;
  if (odd * 2 > pairs && even === 0) return 'utf-16le';
  if (even * 2 > pairs && odd === 0) return 'utf-16be';
  return null;
}

// Text as rolemap fit reads it: UTF-16, or UTF-8 with a byte-order mark
// dropped and invalid bytes replaced.
function decodeText(bytes) {
  const encoding = utf16(bytes);
  return new TextDecoder(encoding || 'utf-8').decode(bytes);
}

// Whether the PDF names /Encrypt outside a compressed stream (where a
// trailer keeps it), each name's #xx escapes decoded first.
function namesEncrypt(bytes) {
  const target = 'Encrypt';
  const ends = new Set(Array.from('/[]<>(){}%', (c) => c.charCodeAt(0)));
  const hex = (b) => (b >= 48 && b <= 57) || (b >= 65 && b <= 70) || (b >= 97 && b <= 102);
  for (let at = bytes.indexOf(0x2f); at >= 0; at = bytes.indexOf(0x2f, at + 1)) {
    let name = '';
    let i = at + 1;
    while (i < bytes.length && name.length <= 8) {
      const b = bytes[i];
      if (b <= 0x20 || ends.has(b)) break;
      if (b === 0x23 && hex(bytes[i + 1]) && hex(bytes[i + 2])) {
        name += String.fromCharCode(parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16));
        i += 3;
      } else {
        name += String.fromCharCode(b);
        i += 1;
      }
    }
    if (name === target) return true;
  }
  return false;
}

async function pdfText(bytes, readerUrl) {
  // As readers allow, the header may follow some junk within the first 1 KB.
  if (!new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).includes('%PDF-')) throw new CvFileError('unreadable', 'not a PDF');
  if (namesEncrypt(bytes)) throw new CvFileError('encrypted');
  let pdfjs;
  try {
    // Browsers refuse modules and workers to pages opened from a folder.
    if (location.protocol === 'file:') throw new Error('file://');
    pdfjs = await import(readerUrl + 'pdf.min.js');
    pdfjs.GlobalWorkerOptions.workerSrc = readerUrl + 'pdf.worker.min.js';
  } catch (e) {
    throw new CvFileError('no-pdf-reader', String(e));
  }
  // Evaluation off, so the page's strict CSP (no 'unsafe-eval') holds.
  const task = pdfjs.getDocument({ data: bytes, isEvalSupported: false, disableFontFace: true, useSystemFonts: false });
  let pdf;
  try {
    pdf = await task.promise;
  } catch (e) {
    if (e && e.name === 'PasswordException') throw new CvFileError('encrypted');
    if (/worker/i.test(String(e && e.message))) throw new CvFileError('no-pdf-reader', String(e));
    throw new CvFileError('unreadable', String(e));
  }
  try {
    let text = '';
    for (let number = 1; number <= Math.min(pdf.numPages, MAX_PDF_PAGES); number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      for (const item of content.items) {
        if (typeof item.str !== 'string') continue;
        text += item.str;
        if (item.hasEOL) text += '\n';
      }
      // A line break ends each page's text.
      if (text && !text.endsWith('\n')) text += '\n';
    }
    return text;
  } catch (e) {
    throw new CvFileError('unreadable', String(e));
  } finally {
    task.destroy();
  }
}

// The entry `name` of a zip: its compression method and its bytes, read
// from the central directory (the local headers may lie about sizes).
function zipEntry(bytes, name) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at) => view.getUint16(at, true);
  const u32 = (at) => view.getUint32(at, true);
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65535); at--) {
    if (u32(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new CvFileError('unreadable', 'not a zip');
  const count = u16(end + 10);
  let at = u32(end + 16);
  const wanted = new TextEncoder().encode(name);
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(at) !== 0x02014b50) throw new CvFileError('unreadable', 'broken zip directory');
    const nameLength = u16(at + 28);
    const entryName = bytes.subarray(at + 46, at + 46 + nameLength);
    if (entryName.length === wanted.length && wanted.every((b, j) => entryName[j] === b)) {
      if (u16(at + 8) & 1) throw new CvFileError('encrypted');
      const method = u16(at + 10);
      const size = u32(at + 20);
      const local = u32(at + 42);
      if (local + 30 > bytes.length || u32(local) !== 0x04034b50) throw new CvFileError('unreadable', 'broken zip entry');
      const start = local + 30 + u16(local + 26) + u16(local + 28);
      if (start + size > bytes.length) throw new CvFileError('unreadable', 'zip entry past the end');
      return { method, data: bytes.subarray(start, start + size) };
    }
    at += 46 + nameLength + u16(at + 30) + u16(at + 32);
  }
  throw new CvFileError('unreadable', 'no word/document.xml');
}

// Inflates raw deflate data, stopping past `limit` bytes.
async function inflate(data, limit) {
  const reader = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    let step;
    try {
      step = await reader.read();
    } catch (e) {
      throw new CvFileError('unreadable', String(e));
    }
    if (step.done) break;
    size += step.value.length;
    if (size > limit) {
      reader.cancel();
      throw new CvFileError('unreadable', 'the text part unpacks to more than 16 MB');
    }
    chunks.push(step.value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

// WordprocessingML's text in document order, as rolemap fit reads it:
// w:t runs, w:tab in a run as a tab, w:br and w:cr as line breaks, each w:p
// on a line of its own; text in mc:Fallback repeats its mc:Choice.
function paragraphs(document) {
  let text = '';
  const newLine = () => {
    if (text && !text.endsWith('\n')) text += '\n';
  };
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!(node.namespaceURI || '').includes('wordprocessingml')) continue;
    const name = node.localName;
    if (name === 'p') newLine();
    else if (name === 't') {
      let inFallback = false;
      for (let up = node.parentNode; up && up.nodeType === 1; up = up.parentNode) if (up.localName === 'Fallback') inFallback = true;
      if (!inFallback) for (const child of node.childNodes) if (child.nodeType === 3 || child.nodeType === 4) text += child.data;
    } else if (name === 'tab' && node.parentNode && node.parentNode.localName === 'r') text += '\t';
    else if (name === 'br' || name === 'cr') text += '\n';
  }
  newLine();
  return text;
}

async function docxText(bytes) {
  // A password-protected Word file is an OLE compound file, not a zip.
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) throw new CvFileError('encrypted');
  if (!startsWith(bytes, [0x50, 0x4b])) throw new CvFileError('unreadable', 'not a zip');
  const entry = zipEntry(bytes, 'word/document.xml');
  let xml;
  if (entry.method === 0) xml = entry.data;
  else if (entry.method === 8) xml = await inflate(entry.data, MAX_XML_BYTES);
  else throw new CvFileError('unreadable', 'compression method ' + entry.method);
  if (xml.length > MAX_XML_BYTES) throw new CvFileError('unreadable', 'the text part is over 16 MB');
  let source;
  try {
    source = new TextDecoder('utf-8', { fatal: true }).decode(xml);
  } catch (e) {
    throw new CvFileError('unreadable', 'not UTF-8');
  }
  const document = new DOMParser().parseFromString(source, 'application/xml');
  if (document.doctype || document.getElementsByTagName('parsererror').length) throw new CvFileError('unreadable', 'broken XML');
  return paragraphs(document);
}

// The text of a CV `file` (a File), or a CvFileError. `readerUrl` is the
// folder of pdf.js's two files, ending in a slash.
export async function readCvFile(file, readerUrl) {
  const kind = kindOf(file);
  if (!kind) throw new CvFileError('unknown');
  if (file.size > MAX_CV_BYTES) throw new CvFileError('too-large');
  let bytes;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (e) {
    throw new CvFileError('unreadable', String(e));
  }
  if (bytes.length > MAX_CV_BYTES) throw new CvFileError('too-large');
  if (kind === 'text') return decodeText(bytes);
  const text = kind === 'pdf' ? await pdfText(bytes, readerUrl) : await docxText(bytes);
  if (!hasText(text)) throw new CvFileError('scanned');
  return text;
}
