/**
 * Imported first by the bundles of `check` (check-main.ts) and of its threads (check-worker.ts), so that it runs before
 * the rest of them is set up: it keeps V8's young generations at the size they have.
 *
 * V8 doubles a heap's young generation (up to 16 MB a semi-space in the process) whenever much of it survives a
 * scavenge, and what `check` does keeps it growing: setting up the bundle, listing a folder (the start of each file)
 * and gathering the answers of 2,000 reports took the process's from 1 to 16 MB. Held (growth factor 1), 2,000
 * reports: a peak of 97 MB against 110 MB for the same CPU time; one report of 3 MB, 130 MB against 154 MB, the same
 * CPU time. The flag is the process's and V8 reads it each time it would grow a young generation, but puts it back to
 * 2 when it sets up a heap, a thread's included: hence again in each thread. XXGK_CHECK_YOUNG_GROWTH sets the factor.
 */
import { setFlagsFromString } from 'node:v8';

// Not in the run that makes the code cache (boot.ts): V8 stamps the cache with its flags as they are when it is made,
// and a run whose flags differ at its start (before this is set) rejects it.
if (process.env.XXGK_WRITE_CODE_CACHE !== '1') setFlagsFromString(`--semi-space-growth-factor=${Number(process.env.XXGK_CHECK_YOUNG_GROWTH) || 1}`);
