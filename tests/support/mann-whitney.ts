// Mann–Whitney U test (Wilcoxon rank-sum), two-sided, normal approximation with tie correction and
// continuity correction. Timing tests use it rather than comparing medians: it asks whether one
// series tends to be slower than the other across all samples, is not thrown by the long right
// tail that GC pauses and a busy machine give response times (it looks at ranks, not values), and
// gives a p-value to hold a stated α against. With ≥ 20 samples per series the normal
// approximation is accurate to well below the α values used here (checked against SciPy's
// `mannwhitneyu(..., method="asymptotic")`, see mann-whitney.test.ts).

export type TMannWhitney = {
  /** U of the first series: the number of (a, b) pairs with a > b, ties counting ½. */
  u: number;
  /** Standardised U; positive when the first series tends to be larger. */
  z: number;
  /** Two-sided p-value. */
  p: number;
  /** P(a > b) + ½ P(a = b): 0.5 means neither series tends to be larger. */
  effect: number;
};

export function mannWhitneyU(a: readonly number[], b: readonly number[]): TMannWhitney {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new Error("mannWhitneyU needs two non-empty samples");
  const all = [...a.map((value) => ({ value, first: true })), ...b.map((value) => ({ value, first: false }))].sort(
    (x, y) => x.value - y.value,
  );
  const n = all.length;
  let rankSumA = 0;
  let tieTerm = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && all[j + 1]!.value === all[i]!.value) j += 1;
    const rank = (i + j + 2) / 2; // ranks are 1-based; tied values share the mean of their ranks
    const size = j - i + 1;
    tieTerm += size ** 3 - size;
    for (let k = i; k <= j; k++) if (all[k]!.first) rankSumA += rank;
    i = j + 1;
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance === 0) return { u, z: 0, p: 1, effect: u / (n1 * n2) };
  const distance = Math.max(Math.abs(u - mean) - 0.5, 0);
  const z = (Math.sign(u - mean) * distance) / Math.sqrt(variance);
  return { u, z, p: Math.min(1, 2 * normalUpperTail(Math.abs(z))), effect: u / (n1 * n2) };
}

/**
 * P(Z > x) for a standard normal Z, via erfc (W. J. Cody's rational approximation as in Numerical Recipes' erfcc,
 * |error| < 1.2e-7).
 */
function normalUpperTail(x: number): number {
  const t = 1 / (1 + 0.5 * (x / Math.SQRT2));
  const y = x / Math.SQRT2;
  const erfc =
    t *
    Math.exp(
      -y * y -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return erfc / 2;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
