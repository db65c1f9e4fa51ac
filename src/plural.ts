/** "1 scenario", "2 scenarios": a count and its noun agree in every message. */
export function plural(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
