/**
 * An order body from a user's JSON template: `{productId}`, `{qty}` and `{seq}` become numbers
 * (the scenario schema checked the template is JSON once they are). `seq` is unique across the
 * workers of a run: worker share s of n numbers its requests s, s+n, s+2n...
 */
export interface BodyTemplate {
  body(productId: number, qty: number): Buffer;
}

export function compileBodyTemplate(template: string, share = 0, shares = 1): BodyTemplate {
  const parts = template.split(/(\{productId\}|\{qty\}|\{seq\})/);
  let n = 0;
  return {
    body(productId, qty) {
      const seq = share + shares * n++;
      return Buffer.from(parts.map((p) => (p === '{productId}' ? String(productId) : p === '{qty}' ? String(qty) : p === '{seq}' ? String(seq) : p)).join(''));
    },
  };
}
