/**
 * pdf.js's worker bundle has no type declarations of its own. It is imported only for its
 * side effect: it sets `globalThis.pdfjsWorker`, which pdf.js uses as its in-thread worker.
 */
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
