// The `first` and `next` links of a Glance v2 list page: `/v2/images?` and the
// request's parameters, encoded as Glance encodes them (Python's
// urllib.parse.urlencode, i.e. quote_plus).

export function listLink(params: Array<[string, string]>): string {
  const query = params.map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join('&');
  return query ? `/v2/images?${query}` : '/v2/images';
}

/** Python's urllib.parse.quote_plus: keeps A-Za-z0-9 and `_.-~`, space → `+`. */
function quotePlus(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (byte < 0x80 && /[A-Za-z0-9_.\-~]/.test(ch)) out += ch;
    else if (byte === 0x20) out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
