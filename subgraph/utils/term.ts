// Term structure: the Live series of one protocol and collateral by expiry, and each one's forward probability
// between the previous Live expiry (with a probability) and its own. A change of one series' probability moves
// only its own forward and that of the next priced expiry, so only those are loaded.
import { Bytes } from "@graphprotocol/graph-ts";
import { Series, Term } from "../generated/schema";
import { Config } from "./config";
import { decimalFromF64, decimalToF64 } from "./numbers";
import { forwardProbability } from "./pricing";

/** Id of a protocol's term for one collateral: protocol id and collateral address, e.g. "1#0xc000…0001". */
export function termId(protocolId: string, collateral: Bytes): string {
  return protocolId + "#" + collateral.toHexString();
}

function loadTerm(series: Series): Term {
  const id = termId(series.protocol, series.collateral);
  let term = Term.load(id);
  if (term == null) {
    term = new Term(id);
    term.series = [];
  }
  return term;
}

/** Adds a new Live series (no probability yet, so no other forward changes) in expiry order. */
export function addToTerm(series: Series): void {
  const term = loadTerm(series);
  const list = term.series;
  const out: Bytes[] = [];
  let placed = false;
  for (let i = 0; i < list.length; i++) {
    if (!placed) {
      const other = Series.load(list[i])!;
      if (other.expiry > series.expiry) {
        out.push(series.id);
        placed = true;
      }
    }
    out.push(list[i]);
  }
  if (!placed) out.push(series.id);
  term.series = out;
  term.save();
}

/** The index of `id` in `list`, or -1. */
function indexOfId(list: Bytes[], id: Bytes): i32 {
  for (let i = 0; i < list.length; i++) if (list[i].equals(id)) return i;
  return -1;
}

/** Sets `series`' forward from `previous` (the previous Live expiry with a probability, or null). */
function setForward(series: Series, previous: Series | null, config: Config): void {
  const p = series.impliedProbability;
  if (p === null) {
    series.forwardProbability = null;
    series.forwardFrom = null;
  } else if (previous === null) {
    series.forwardProbability = p;
    series.forwardFrom = null;
  } else {
    series.forwardProbability = decimalFromF64(forwardProbability(decimalToF64(previous.impliedProbability!), decimalToF64(p), config));
    series.forwardFrom = previous.expiry;
  }
}

/** The nearest series before index `from` (exclusive) in `list` with a probability, or null. */
function previousPriced(list: Bytes[], from: i32): Series | null {
  for (let j = from - 1; j >= 0; j--) {
    const s = Series.load(list[j])!;
    if (s.impliedProbability !== null) return s;
  }
  return null;
}

/**
 * Recomputes (and saves) the forwards of the series at and after `start` that depend on `previous`: up to and
 * including the first with a probability.
 */
function refreshAfter(list: Bytes[], start: i32, previous: Series | null, config: Config): void {
  for (let k = start; k < list.length; k++) {
    const s = Series.load(list[k])!;
    setForward(s, previous, config);
    s.save();
    if (s.impliedProbability !== null) return;
  }
}

/** After a Live series' probability changed (the caller saves it): its forward and the next priced one's. */
export function refreshForwards(series: Series, config: Config): void {
  if (series.status != "Live") return;
  const term = Term.load(termId(series.protocol, series.collateral));
  if (term == null) return;
  const list = term.series;
  const index = indexOfId(list, series.id);
  if (index < 0) return;
  const previous = previousPriced(list, index);
  setForward(series, previous, config);
  refreshAfter(list, index + 1, series.impliedProbability !== null ? series : previous, config);
}

/** A series that is no longer Live (the caller saves it) leaves its term; the next ones' forwards follow. */
export function removeFromTerm(series: Series, config: Config): void {
  series.forwardProbability = null;
  series.forwardFrom = null;
  const term = Term.load(termId(series.protocol, series.collateral));
  if (term == null) return;
  const list = term.series;
  const index = indexOfId(list, series.id);
  if (index < 0) return;
  const kept: Bytes[] = [];
  for (let i = 0; i < list.length; i++) if (i != index) kept.push(list[i]);
  term.series = kept;
  term.save();
  if (series.impliedProbability === null) return; // no forward depended on it
  refreshAfter(kept, index, previousPriced(kept, index), config);
}
