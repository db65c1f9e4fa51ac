/** Mono's id prefixes (docs/mono-reference.md §4.1) for the resources the emulator creates. */
export type IdPrefix = 'car' | 'carh' | 'ccg' | 'spc' | 'lacc' | 'acch' | 'acc' | 'ltx' | 'sao' | 'cbo' | 'pro' | 'log' | 'ten' | 'pca' | 'ctx' | 'wh' | 'evt' | 'dlv' | 'flt';

/** Makes ids shaped like Mono's: the prefix, an underscore and 22 base-62 characters. */
export interface IdSource {
  next(prefix: IdPrefix): string;
}
