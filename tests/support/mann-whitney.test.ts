import { describe, expect, it } from "vitest";
import { mannWhitneyU, median } from "./mann-whitney";

// Reference values from SciPy 1.17: scipy.stats.mannwhitneyu(a, b, alternative="two-sided", method="asymptotic").
describe("Mann–Whitney U (the timing tests' statistic)", () => {
  it("matches SciPy on a small sample with ties", () => {
    const result = mannWhitneyU([1.1, 2.2, 3.3, 4.4, 5.5, 5.5, 7.0, 8.1], [2.0, 3.0, 5.5, 6.1, 9.9, 10.2, 11.3]);
    expect(result.u).toBe(18);
    expect(result.p).toBeCloseTo(0.26987129492173556, 6);
  });

  it("matches SciPy on two normal samples 1.5 apart (n = 40 and 45)", () => {
    const x = [
      9.5, 11.0, 9.5, 9.4, 8.1, 9.6, 12.2, 10.8, 12.1, 10.5, 10.8, 10.4, 6.7, 11.7, 11.0, 11.0, 6.6, 6.5, 8.2, 9.1,
      10.6, 9.9, 11.0, 8.7, 10.6, 10.8, 8.7, 13.4, 11.1, 12.4, 8.8, 8.5, 9.3, 9.8, 11.3, 10.5, 9.1, 8.1, 9.0, 12.4,
    ];
    const y = [
      9.9, 12.0, 12.4, 8.5, 11.6, 14.1, 7.5, 10.9, 11.3, 9.9, 12.5, 11.4, 8.6, 13.2, 12.8, 13.4, 14.4, 12.2, 11.7, 8.9,
      12.7, 10.3, 10.6, 9.0, 9.6, 10.4, 14.1, 7.4, 8.6, 12.0, 14.4, 12.7, 7.7, 6.5, 12.2, 10.0, 9.3, 13.5, 13.7, 11.8,
      12.0, 12.4, 14.7, 12.7, 12.5,
    ];
    const result = mannWhitneyU(x, y);
    expect(result.u).toBe(549.5);
    expect(result.p).toBeCloseTo(0.0020526142472410045, 6);
    expect(result.z).toBeLessThan(0);
    // Symmetric: swapping the series flips U around n1·n2/2 and keeps p.
    const swapped = mannWhitneyU(y, x);
    expect(swapped.u).toBe(40 * 45 - 549.5);
    expect(swapped.p).toBeCloseTo(result.p, 12);
  });

  it("finds no difference between identical samples and a certain one between disjoint samples", () => {
    const same = Array.from({ length: 40 }, (_, i) => i % 7);
    expect(mannWhitneyU(same, same).p).toBe(1);
    const low = Array.from({ length: 40 }, (_, i) => i);
    const high = low.map((v) => v + 100);
    expect(mannWhitneyU(low, high).p).toBeLessThan(1e-12);
    expect(mannWhitneyU(low, high).effect).toBe(0);
  });

  it("takes the median of odd and even series", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
