/** How the bench writes its figures: `–` for one it could not measure. */
export const fixed = (value: number, digits: number) =>
  Number.isFinite(value) ? value.toFixed(digits) : '–';
export const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');
export const ms = (value: number) => `${fixed(value, 2)} ms`;
