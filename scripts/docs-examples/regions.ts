/** The markers around a generated example region of the README: `<!-- examples:local -->` ... `<!-- /examples:local -->`. */
export function exampleMarkers(name: string): { readonly begin: string; readonly end: string } {
  return { begin: `<!-- examples:${name} (written by npm run docs:examples) -->`, end: `<!-- /examples:${name} -->` };
}

/** The text between a region's markers, or an error naming the missing marker. */
export function exampleRegion(text: string, name: string): string {
  const { begin, end } = exampleMarkers(name);
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (start < 0 || stop < start)
    throw new Error(`README.md has no example region "${name}": expected ${begin} ... ${end}`);
  return text.slice(start + begin.length, stop);
}

/** `text` with the region's content replaced (markers kept). */
export function replaceExampleRegion(text: string, name: string, content: string): string {
  const { begin, end } = exampleMarkers(name);
  exampleRegion(text, name);
  const start = text.indexOf(begin) + begin.length;
  return `${text.slice(0, start)}\n${content}\n${text.slice(text.indexOf(end))}`;
}
