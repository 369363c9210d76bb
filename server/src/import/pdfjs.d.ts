// pdf.js's worker module has no type declarations of its own; the reader only hands it to pdf.js.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs';
