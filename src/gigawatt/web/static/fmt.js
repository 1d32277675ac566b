// Number formatting for the dashboard: the conventions of gigawatt/fmt.py (3 significant digits,
// thousands separated, SI suffixes with a space, "—" for missing values).
"use strict";
(function (root) {
  const SI = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "k"]];
  const FLOPS = [[1e24, "YFLOP/s"], [1e21, "ZFLOP/s"], [1e18, "EFLOP/s"], [1e15, "PFLOP/s"]];
  const ok = (x) => typeof x === "number" && Number.isFinite(x);

  function sig(x, digits = 3) {
    if (!ok(x)) return "—";
    if (x === 0) return "0";
    const mag = Math.floor(Math.log10(Math.abs(x)));
    const decimals = Math.max(digits - 1 - mag, 0);
    const rounded = Number(x.toFixed(decimals));
    return rounded.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  }
  function count(x) {
    if (!ok(x)) return "—";
    for (const [scale, suffix] of SI) if (Math.abs(x) >= scale) return `${sig(x / scale)} ${suffix}`;
    return sig(x);
  }
  function usd(x) {
    if (!ok(x)) return "—";
    const sign = x < 0 ? "-" : "";
    const a = Math.abs(x);
    for (const [scale, suffix] of SI) if (a >= scale) return `${sign}$${sig(a / scale)} ${suffix}`;
    return `${sign}$${sig(a)}`;
  }
  function flops(x) {
    if (!ok(x)) return "—";
    for (const [scale, unit] of FLOPS) if (Math.abs(x) >= scale) return `${sig(x / scale)} ${unit}`;
    return `${sig(x)} FLOP/s`;
  }
  const pct = (x) => (ok(x) ? `${sig(100 * x)} %` : "—");

  function value(x, unit) {
    if (x === null || x === undefined) return "—";
    if (typeof x === "string") return x;
    if (unit.startsWith("USD")) return usd(x) + (unit.endsWith("/yr") ? "/yr" : "");
    if (unit === "FLOP/s") return flops(x);
    if (unit === "fraction") return pct(x);
    if (unit === "year") return ok(x) ? String(Math.trunc(x)) : "—";
    if (["GPUs", "dies", "units", "households", "H100e", "tokens/s", "tokens", "GPUs/GW", "dies/GW"].includes(unit)) return count(x);
    return `${sig(x)} ${unit}`.trim();
  }
  root.gwfmt = { sig, count, usd, flops, pct, value };
})(typeof window !== "undefined" ? window : globalThis);
