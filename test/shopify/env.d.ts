// Vite serves `?raw` imports as the file's exact text; the tests sign fixture bytes as stored.
declare module "*?raw" {
  const text: string;
  export default text;
}
