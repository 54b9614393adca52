// The `pdfmake` producer of gongkai's producer matrix (pipeline/synth/pdfmake_print.py runs it): a document
// definition printed by pdfmake's server-side PdfPrinter (pdfkit underneath), the fonts given by their files.
//   node pdfmake_print.js PDFMAKE_DIR job.json out.pdf
// job.json ({"fonts": {...}, "definition": {...}}) is written by pipeline/synth/pdfmake_markup.py.
'use strict';
const fs = require('fs');

const [pdfmakeDir, input, output] = process.argv.slice(2);
const PdfPrinter = require(pdfmakeDir);
const job = JSON.parse(fs.readFileSync(input, 'utf8'));
const printer = new PdfPrinter(job.fonts);
const doc = printer.createPdfKitDocument(job.definition);
const out = fs.createWriteStream(output);
out.on('finish', () => process.exit(0));
out.on('error', (err) => { console.error(err); process.exit(1); });
doc.pipe(out);
doc.end();
