/**
 * JSON for a `<script type="application/json">` element: escaping "<" means no string in the data
 * (an explanation that mentions "</script>", say) can close the element early and spill into the page.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
