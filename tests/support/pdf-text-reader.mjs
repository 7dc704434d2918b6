/* global process, Buffer */
// Reads a PDF from standard input and prints its text, with pdf.js (through pdf-parse): an independent reader of
// the PDFs the console makes. A process of its own, because pdf.js loads its worker by a dynamic import, which
// jest's module system does not allow.
import { PDFParse } from 'pdf-parse';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
const { text } = await parser.getText();
await parser.destroy();
process.stdout.write(text);
