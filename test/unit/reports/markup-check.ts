/**
 * A tiny well-formedness check for the generated markup, without a DOM: tokenizes tags with a regular expression and
 * checks that they nest. Enough to catch an unclosed `<rect>` or an `</svg>` too many; not an HTML parser.
 */

/** HTML elements that never have a closing tag. */
const voidElements = new Set(['meta', 'link', 'br', 'hr', 'img', 'input', 'col', 'area', 'base', 'wbr', 'source']);

const tagPattern = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[^\s=/>]+(?:="[^"]*")?)*)\s*(\/?)>/g;

/** The problems found; an empty list means every tag is closed in the right order. */
export function unbalancedTags(markup: string): string[] {
  const withoutComments = markup.replace(/<!--[\s\S]*?-->/g, '').replace(/<!DOCTYPE[^>]*>/i, '');
  const withoutRawText = withoutComments.replace(/<(style|script)\b[^>]*>[\s\S]*?<\/\1>/gi, '');
  const open: string[] = [];
  const problems: string[] = [];
  for (const match of withoutRawText.matchAll(tagPattern)) {
    const [, closing, name = '', , selfClosing] = match;
    const tag = name.toLowerCase();
    if (selfClosing === '/' || (closing === '' && voidElements.has(tag))) continue;
    if (closing === '') {
      open.push(tag);
      continue;
    }
    const last = open.pop();
    if (last !== tag) problems.push(`</${tag}> closes <${last ?? 'nothing'}> at offset ${match.index}`);
  }
  for (const tag of open) problems.push(`<${tag}> is never closed`);
  const stray = withoutRawText.replace(tagPattern, '').match(/[<>]/g);
  if (stray) problems.push(`${stray.length} stray angle bracket(s) outside tags`);
  return problems;
}

/** How many elements of `name` carry `class="<className>"` (first class only, as the charts write them). */
export function countElements(markup: string, name: string, className: string): number {
  return [...markup.matchAll(new RegExp(`<${name}\\s+class="${className}"`, 'g'))].length;
}

/** Every numeric attribute value that is not a finite number (NaN, Infinity, empty). */
export function nonFiniteAttributes(markup: string): string[] {
  const numeric = /\s(x|y|x1|x2|y1|y2|width|height|cx|cy|r|rx|stroke-dashoffset)="([^"]*)"/g;
  return [...markup.matchAll(numeric)]
    .filter(([, , value = '']) => !Number.isFinite(Number(value)) || value.trim() === '')
    .map(([attribute]) => attribute.trim());
}
