/**
 * How a MongoDB URI is shown to a person: its scheme and hosts only. User, password and options (which may carry
 * credentials too) never reach a terminal, a log line or a report.
 */
export function mongoUriHosts(uri: string): string {
  const scheme = /^(mongodb(?:\+srv)?):\/\//i.exec(uri);
  if (scheme === null) return '<not a mongodb:// URI>';
  const rest = uri.slice(scheme[0].length);
  const authority = rest.split(/[/?#]/, 1)[0] ?? '';
  // The credentials end at the last "@" of the authority (a password may contain one, escaped or not).
  const hosts = authority.slice(authority.lastIndexOf('@') + 1);
  return `${scheme[1]}://${hosts === '' ? '<no host>' : hosts}`;
}
