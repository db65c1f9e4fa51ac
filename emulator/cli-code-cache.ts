import { hash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/**
 * Loads a CommonJS file through V8's code cache. Node 20 compiles every start's modules from
 * source (its own compile cache, `module.enableCompileCache`, came with Node 22); for the
 * emulator's ~2 MB bundle that is a fifth of a cold start. The cache is what V8 compiled while
 * the emulator started, saved beside the file after a start, and reused by the next start.
 *
 * The cache is read only from beside the file it belongs to, never from a shared folder such as
 * the temp dir: V8 runs what a cache holds, so it must be as trusted as the code. V8 itself checks
 * a cache's version, flags and the source's length only, so the file name carries a hash of the
 * source's bytes, and Node's version and architecture (two Nodes sharing a folder keep one each).
 */
export interface LoadedCommonJs {
  /** What the file put in `module.exports`. */
  exports: unknown;
  /** `accepted`: compiled from the cache; `absent`: none saved yet; `rejected`: V8 refused it (e.g. other V8 flags). */
  cache: 'accepted' | 'absent' | 'rejected';
  /**
   * Saves what V8 has compiled of the file so far, for the next load, unless the cache in use was
   * accepted. False when it could not be written (a read-only install): the next load compiles.
   */
  saveCache(): boolean;
}

export function codeCachePath(file: string, source: Buffer): string {
  return `${file}.${hash('sha1', source).slice(0, 16)}.${process.version}-${process.arch}.v8cache`;
}

export function loadCommonJs(file: string): LoadedCommonJs {
  const source = readFileSync(file);
  const cacheFile = codeCachePath(file, source);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // Node's CommonJS wrapper, on the source's first line so stack traces keep their line numbers.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source.toString('utf8')}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const cache = !cachedData ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted';
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    cache,
    saveCache() {
      if (cache === 'accepted') return true;
      // Written whole under a name of its own, then renamed: emulators starting side by side never read half a cache.
      const partial = `${cacheFile}.${process.pid}`;
      try {
        writeFileSync(partial, script.createCachedData());
        renameSync(partial, cacheFile);
        return true;
      } catch {
        rmSync(partial, { force: true });
        return false;
      }
    },
  };
}
