// The `jspdf` producer of gongkai's producer matrix (pipeline/synth/script_print.py runs it): a report's article
// printed with jsPDF and jspdf-autotable the way Chinese web systems export reports from the browser: text lines
// by jsPDF's own splitTextToSize and text, one autoTable per table (theme 'grid' when ruled, 'plain' with no
// line when not, colSpan/rowSpan as autoTable takes them, its own column widths and page breaks), the face's
// TrueType file added by addFileToVFS/addFont and embedded as jsPDF subsets it, runs the face lacks in the
// fallback face.
//   node jspdf_report.js job.json out.pdf
// job.json is written by pipeline/synth/article_json.py ("modules": the node_modules holding jspdf and
// jspdf-autotable). Exit status 3: jsPDF cannot use the font.
'use strict';
const fs = require('fs');
const path = require('path');

const FONT_UNUSABLE = 3;
const PT_PER_MM = 72 / 25.4;
const LINE_FACTOR = 1.4;
const SPACE_AFTER_PT = 4;
const INDENT = '\u3000\u3000';

const [input, output] = process.argv.slice(2);
const job = JSON.parse(fs.readFileSync(input, 'utf8'));
const { jsPDF } = require(path.join(job.modules, 'jspdf'));
const { autoTable } = require(path.join(job.modules, 'jspdf-autotable'));
const page = job.page;
// The fonts by their files' names, as a web page's script names what it adds (the PDF's /BaseFont).
const FACE = path.basename(job.fonts.face, path.extname(job.fonts.face));
const FALLBACK = path.basename(job.fonts.fallback, path.extname(job.fonts.fallback));

/** The document with the face and the fallback face added from their files; exit 3 when jsPDF cannot use one. */
function newDocument() {
  const doc = new jsPDF({ unit: 'pt', format: 'a4', orientation: 'portrait' });
  try {
    for (const [name, file, sample] of [[FACE, job.fonts.face, '\u62a5\u544a'], [FALLBACK, job.fonts.fallback, '0']]) {
      doc.addFileToVFS(path.basename(file), fs.readFileSync(file).toString('base64'));
      doc.addFont(path.basename(file), name, 'normal');
      doc.setFont(name, 'normal');
      if (!(doc.getTextWidth(sample) > 0)) throw new Error(`no width for ${sample} in ${name}`);
    }
  } catch (err) {
    console.error(`jsPDF cannot use the font: ${err && err.message}`);
    process.exit(FONT_UNUSABLE);
  }
  doc.setFont(FACE, 'normal');
  doc.setLineHeightFactor(LINE_FACTOR);
  return doc;
}

/** The lines jsPDF split a text into, each as runs [text, own] again: a line's characters are matched in order
 * with the runs' (what the split dropped, spaces at a line's end and line feeds, is skipped). */
function lineRuns(lines, runs) {
  const chars = [];
  for (const [text, own] of runs) {
    for (const ch of text) chars.push([ch, own]);
  }
  let at = 0;
  return lines.map((line) => {
    const out = [];
    for (const ch of line) {
      while (at < chars.length && chars[at][0] !== ch && /\s/.test(chars[at][0])) at += 1;
      const own = at < chars.length && chars[at][0] === ch ? chars[at++][1] : true;
      if (out.length && out[out.length - 1][1] === own) out[out.length - 1][0] += ch;
      else out.push([ch, own]);
    }
    return out;
  });
}

function runWidth(doc, [text, own]) {
  doc.setFont(own ? FACE : FALLBACK, 'normal');
  const width = doc.getTextWidth(text);
  doc.setFont(FACE, 'normal');
  return width;
}

/** Print one line's runs from x, each in its face, at y on the baseline given ('top': the line's top). */
function printRuns(doc, runs, x, y, baseline = 'top') {
  for (const run of runs) {
    const width = runWidth(doc, run);
    doc.setFont(run[1] ? FACE : FALLBACK, 'normal');
    doc.text(run[0], x, y, { baseline });
    x += width;
  }
  doc.setFont(FACE, 'normal');
}

/** Text split by jsPDF's splitTextToSize in the face (the width a web page's script gives it), printed line by
 * line, a new page when a line would pass the foot; the y under the text. */
function printText(doc, runs, y, size, centre) {
  const margin = page.margin_mm * PT_PER_MM;
  const width = doc.internal.pageSize.getWidth() - 2 * margin;
  const foot = doc.internal.pageSize.getHeight() - margin;
  doc.setFontSize(size);
  const text = runs.map((r) => r[0]).join('');
  const lineHeight = size * LINE_FACTOR;
  for (const line of lineRuns(doc.splitTextToSize(text, width), runs)) {
    if (y + lineHeight > foot) {
      doc.addPage();
      y = margin;
    }
    const used = line.reduce((sum, run) => sum + runWidth(doc, run), 0);
    printRuns(doc, line, centre ? margin + (width - used) / 2 : margin, y);
    y += lineHeight;
  }
  doc.setFontSize(page.text_pt);
  return y;
}

/** A cell's own font when every run of it is in one face; else the face, and didDrawCell prints its runs. */
function cellFont(runs) {
  const owns = new Set(runs.filter((r) => r[0].trim()).map((r) => r[1]));
  return owns.size === 1 && !owns.has(true) ? FALLBACK : FACE;
}

function mixed(runs) {
  return new Set(runs.filter((r) => r[0].trim()).map((r) => r[1])).size > 1;
}

function printTable(doc, block, y) {
  const margin = page.margin_mm * PT_PER_MM;
  const body = block.rows.map((row) => row.map((cell) => ({
    content: cell.runs.map((r) => r[0]).join(''),
    colSpan: cell.colspan,
    rowSpan: cell.rowspan,
    styles: { font: cellFont(cell.runs) },
    runs: cell.runs,
  })));
  autoTable(doc, {
    body,
    startY: y,
    margin: { top: margin, bottom: margin, left: margin, right: margin },
    theme: block.ruled ? 'grid' : 'plain',
    styles: {
      font: FACE, fontStyle: 'normal', fontSize: page.text_pt, textColor: 0, halign: 'center',
      valign: 'middle', cellPadding: page.cell_padding_pt, lineColor: 0,
      lineWidth: block.ruled ? page.rule_pt : 0,
    },
    willDrawCell: (data) => {
      if (data.cell.raw && mixed(data.cell.raw.runs)) {
        data.cell.ownLines = data.cell.text;
        data.cell.text = [];
      }
    },
    didDrawCell: (data) => {
      const lines = data.cell.ownLines;
      if (!lines) return;
      // where autoTable puts a centred cell's lines: their baselines from the cell's middle, as its autoTableText
      const size = data.cell.styles.fontSize;
      const lineHeight = size * LINE_FACTOR;
      const centre = data.cell.getTextPos();
      doc.setFontSize(size);
      let baseline = centre.y + size * (2 - 1.15) - (lines.length / 2) * lineHeight;
      for (const line of lineRuns(lines, data.cell.raw.runs)) {
        const used = line.reduce((sum, run) => sum + runWidth(doc, run), 0);
        printRuns(doc, line, centre.x - used / 2, baseline, 'alphabetic');
        baseline += lineHeight;
      }
    },
  });
  return doc.lastAutoTable.finalY + SPACE_AFTER_PT * 2;
}

function main() {
  const doc = newDocument();
  const margin = page.margin_mm * PT_PER_MM;
  doc.setFontSize(page.text_pt);
  let y = margin;
  for (const block of job.blocks) {
    switch (block.kind) {
      case 'page_break':
        doc.addPage();
        y = margin + block.height_mm * PT_PER_MM;
        break;
      case 'table':
        y = printTable(doc, block, y + SPACE_AFTER_PT);
        break;
      case 'title':
        y = printText(doc, block.runs, y, page.title_pt, true) + SPACE_AFTER_PT * 2;
        break;
      default: { // heading, paragraph, text: one face, no synthetic bold
        const runs = block.kind === 'text' ? block.runs : [[INDENT, true], ...block.runs];
        y = printText(doc, runs, y, page.text_pt, false) + SPACE_AFTER_PT;
      }
    }
  }
  fs.writeFileSync(output, Buffer.from(doc.output('arraybuffer')));
}

main();
